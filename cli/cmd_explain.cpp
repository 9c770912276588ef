// `sdlab explain [RULE]`: a rule's text, why it matters, how to fix it and the topic it teaches;
// without RULE, the whole catalogue.
#include <memory>

#include "commands.h"
#include "sdlab/score.h"
#include "sdlab/security.h"

namespace sdlab::cli {

namespace {

struct ExplainArgs {
  std::string rule;
  std::string format;
};

/// Wraps text at `width` code points, each line indented.
std::string Wrap(std::string_view text, std::size_t width, const std::string& indent) {
  std::string out, line;
  std::size_t line_cps = 0;
  auto cps = [](std::string_view w) {
    std::size_t n = 0;
    for (unsigned char c : w)
      if ((c & 0xC0) != 0x80) ++n;
    return n;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    const std::string_view word = text.substr(i, j - i);
    if (!line.empty() && line_cps + 1 + cps(word) > width) {
      out += indent + line + "\n";
      line.clear();
      line_cps = 0;
    }
    if (!line.empty()) {
      line += ' ';
      ++line_cps;
    }
    line += word;
    line_cps += cps(word);
    i = j + 1;
  }
  if (!line.empty()) out += indent + line + "\n";
  return out;
}

void PrintRule(std::ostream& out, const score::Rule& r) {
  out << r.id << "  " << r.name << "\n" << r.title << "\n\n";
  out << "area      " << score::AreaName(r.area) << " (weight " << score::AreaWeight(r.area) << "% of the overall score)\n";
  out << "severity  " << score::SeverityName(r.severity) << "\n";
  out << "topic     " << r.topic << "\n";
  const auto stride = security::RuleStride(r.id);
  if (!stride.empty()) {
    out << "STRIDE    ";
    for (std::size_t i = 0; i < stride.size(); ++i) out << (i ? ", " : "") << security::StrideName(stride[i]);
    out << "\n";
  }
  const auto owasp = security::RuleOwasp(r.id);
  if (!owasp.empty()) {
    out << "OWASP     ";
    for (std::size_t i = 0; i < owasp.size(); ++i) out << (i ? "; " : "") << owasp[i];
    out << "\n";
  }
  out << "\nwhy it matters\n" << Wrap(r.why, 92, "  ");
  out << "\nhow to fix\n" << Wrap(r.fix, 92, "  ");
  if (!r.needs.empty()) out << "\nnot checked yet\n" << Wrap(std::string(r.needs), 92, "  ");
  out << "\nsuppress it in a blueprint (the reason is reported, never silent):\n"
      << "  \"suppress\": [{ \"rule\": \"" << r.id << "\", \"reason\": \"...\" }]\n";
}

}  // namespace

void AddExplainCommand(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<ExplainArgs>();
  CLI::App* cmd = app.add_subcommand("explain", "Explain a rule: what it checks, why it matters, how to fix it");
  cmd->add_option("rule", a->rule, "Rule id or name (e.g. CAP002 or saturated_at_peak); none lists every rule");
  AddFormatOption(*cmd, a->format, {"text", "json"});
  cmd->callback([a, &ctx] {
    if (a->rule.empty()) {
      if (a->format == "json") {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& r : score::Catalogue()) arr.push_back(score::ToJson(r));
        PrintJson(ctx.out, nlohmann::json{{"rules", arr}});
      } else {
        for (const auto& r : score::Catalogue())
          ctx.out << r.id << "  " << std::string(score::SeverityName(r.severity)) << std::string(8 - score::SeverityName(r.severity).size(), ' ')
                  << std::string(score::AreaName(r.area)) << std::string(14 - score::AreaName(r.area).size(), ' ')
                  << r.title << "\n";
        ctx.out << "\n" << score::Catalogue().size() << " rules. `sdlab explain RULE` for one of them.\n";
      }
      ctx.exit_code = kExitOk;
      return;
    }
    const score::Rule* r = score::FindRule(a->rule);
    if (!r) {
      ctx.err << "sdlab explain: no rule '" << a->rule << "'";
      const auto near = score::SuggestRules(a->rule);
      if (!near.empty()) {
        ctx.err << "; did you mean ";
        for (std::size_t i = 0; i < near.size(); ++i) ctx.err << (i ? ", " : "") << near[i];
        ctx.err << "?";
      }
      ctx.err << " (`sdlab explain` lists every rule)\n";
      ctx.exit_code = kExitInput;
      return;
    }
    if (a->format == "json") PrintJson(ctx.out, score::ToJson(*r));
    else PrintRule(ctx.out, *r);
    ctx.exit_code = kExitOk;
  });
}

}  // namespace sdlab::cli
