// `sdlab score FILE...`: every rule on every blueprint; text, JSON, SARIF, JUnit, Markdown or GitHub
// annotations; gates --fail-on and --min-score (exit 1 when a gate fails, 2 on bad input).
#include <cstdlib>
#include <iostream>
#include <memory>

#include "commands.h"
#include "sdlab/blueprint.h"
#include "sdlab/report.h"
#include "sdlab/score.h"
#include "sdlab/sim.h"

namespace sdlab::cli {

/// --playground-url, else the SDLAB_PLAYGROUND_URL environment variable, else the default.
std::string PlaygroundUrl(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("SDLAB_PLAYGROUND_URL"); env && *env) return env;
  return std::string(report::kDefaultPlaygroundUrl);
}

/// Reads and scores one blueprint file; on failure prints its diagnostics to ctx.err and returns false.
/// With `simulate`, the latency rules use a simulation run (seed `seed`) instead of the estimate.
bool ScoreFile(const std::string& path, Context& ctx, const char* command, report::ScoredFile& out,
               bool simulate = false, std::uint64_t seed = 1) {
  std::string text, error;
  const LoadLimits limits;
  if (!ReadTextFile(path, limits.max_bytes, text, error)) {
    ctx.err << "sdlab " << command << ": " << error << "\n";
    return false;
  }
  auto bp = LoadBlueprint(text, limits);
  if (!bp) {
    for (const auto& d : bp.error()) ctx.err << path << ":" << d.ToString() << "\n";
    return false;
  }
  score::ScoreOptions options;
  if (simulate) {
    sim::SimDef def;
    def.seed = seed;
    auto run = sim::RunSimulation(*bp, def);
    if (!run) {
      ctx.err << "sdlab " << command << ": " << path << ": --simulate: " << run.error().Message() << "\n";
      return false;
    }
    options.simulated = score::FlowLatenciesFromSimulation(run->result);
  }
  out.path = path;
  out.text = std::move(text);
  out.report = score::ScoreBlueprint(*bp, options);
  return true;
}

namespace {

struct ScoreArgs {
  std::vector<std::string> files;
  std::string format;
  std::string fail_on = "error";
  int min_score = -1;
  std::uint64_t seed = 1;
  std::string playground_url;
  bool simulate = false;
};

}  // namespace

void AddScoreCommand(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<ScoreArgs>();
  CLI::App* cmd = app.add_subcommand(
      "score", "Check blueprints against every rule; score 0-100 per area and overall; reports for people and CI");
  cmd->add_option("files", a->files, "Blueprint JSON files")->required();
  AddFormatOption(*cmd, a->format, {"text", "json", "sarif", "junit", "markdown", "github"});
  cmd->add_option("--fail-on", a->fail_on,
                  "Exit 1 when an unsuppressed finding of this severity or worse exists: error (default), warning, "
                  "note, or none")
      ->check(CLI::IsMember({"error", "warning", "note", "none"}))
      ->default_str("error");
  cmd->add_option("--min-score", a->min_score, "Exit 1 when a file's overall score is below N (0-100)")
      ->check(CLI::Range(0, 100));
  cmd->add_option("--seed", a->seed, "Seed of --simulate and of the playground deep links (default 1)");
  cmd->add_flag("--simulate", a->simulate,
                "Judge latency on a simulation run of each design (sdlab simulate's defaults) instead of the "
                "M/M/c estimate; slower");
  cmd->add_option("--playground-url", a->playground_url,
                  "Base URL of the playground for deep links (default: $SDLAB_PLAYGROUND_URL, else " +
                      std::string(report::kDefaultPlaygroundUrl) + ")");
  cmd->callback([a, &ctx] {
    std::vector<report::ScoredFile> files;
    bool bad = false;
    for (const auto& path : a->files) {
      report::ScoredFile f;
      if (ScoreFile(path, ctx, "score", f, a->simulate, a->seed)) files.push_back(std::move(f));
      else bad = true;
    }
    if (bad) {
      ctx.exit_code = kExitInput;
      return;
    }
    report::RenderOptions opt;
    opt.playground_url = PlaygroundUrl(a->playground_url);
    opt.seed = a->seed;
    opt.tool_version = SDLAB_VERSION;
    report::Gate gate;
    if (a->fail_on != "none") gate.fail_on = score::ParseSeverity(a->fail_on);
    if (a->min_score >= 0) gate.min_score = a->min_score;
    const report::GateResult result = report::EvaluateGate(files, gate);
    if (a->format == "json") PrintJson(ctx.out, report::RenderJson(files, opt, result));
    else if (a->format == "sarif") PrintJson(ctx.out, report::RenderSarif(files, opt));
    else if (a->format == "junit") ctx.out << report::RenderJunit(files, opt);
    else if (a->format == "markdown") ctx.out << report::RenderMarkdown(files, opt);
    else if (a->format == "github") ctx.out << report::RenderGithub(files, opt);
    else ctx.out << report::RenderText(files, opt);
    for (const auto& reason : result.reasons) ctx.err << "sdlab score: gate failed: " << reason << "\n";
    ctx.exit_code = result.failed ? kExitGate : kExitOk;
  });
}

}  // namespace sdlab::cli
