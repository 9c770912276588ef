// `sdlab validate FILE...`: exit 0 when every file is a valid blueprint, 2 otherwise.
#include <iostream>

#include "commands.h"
#include "sdlab/blueprint.h"

namespace sdlab::cli {

namespace {
struct ValidateArgs {
  std::vector<std::string> files;
  std::string format;
};

nlohmann::json DiagnosticJson(const Diagnostic& d) {
  return {{"pointer", d.pointer}, {"line", d.location.line}, {"column", d.location.column}, {"code", d.code},
          {"message", d.message}};
}
}  // namespace

void AddValidateCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd = app.add_subcommand("validate", "Check blueprints: exit 0 if all are valid, 2 if any is not");
  cmd->add_option("files", args->files, "Blueprint JSON files")->required();
  AddFormatOption(*cmd, args->format, {"text", "json"});
  cmd->callback([args, &ctx] {
    nlohmann::json report = nlohmann::json::array();
    bool all_ok = true;
    const LoadLimits limits;
    for (const auto& path : args->files) {
      std::string text, error;
      nlohmann::json entry = {{"file", path}};
      std::vector<Diagnostic> diags;
      if (!ReadTextFile(path, limits.max_bytes, text, error)) {
        diags.push_back(Diagnostic{"", {0, 0}, error.find("limit") != std::string::npos ? "limit" : "io", error});
      } else {
        auto bp = LoadBlueprint(text, limits);
        if (!bp) diags = bp.error();
        else entry["components"] = bp->components.size();
      }
      entry["valid"] = diags.empty();
      nlohmann::json list = nlohmann::json::array();
      for (const auto& d : diags) list.push_back(DiagnosticJson(d));
      entry["errors"] = list;
      report.push_back(entry);
      if (!diags.empty()) all_ok = false;
      if (args->format == "text") {
        if (diags.empty()) {
          ctx.out << path << ": valid (" << entry["components"].get<std::size_t>() << " components)\n";
        } else {
          for (const auto& d : diags) {
            if (d.code == "io" || d.location.line == 0) ctx.err << path << ": " << d.code << ": " << d.message << "\n";
            else ctx.err << path << ":" << d.ToString() << "\n";
          }
          ctx.err << path << ": invalid (" << diags.size() << (diags.size() == 1 ? " error" : " errors") << ")\n";
        }
      }
    }
    if (args->format == "json") PrintJson(ctx.out, {{"valid", all_ok}, {"files", report}});
    ctx.exit_code = all_ok ? kExitOk : kExitInput;
  });
}

}  // namespace sdlab::cli
