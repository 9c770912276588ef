// sdlab — the command line face of the core. Parses arguments, reads files, renders what the core
// returns, and maps outcomes to exit codes (0 ok, 1 gate failed, 2 bad input or usage).
#include <exception>
#include <iostream>

#include "commands.h"

int main(int argc, char** argv) {
  sdlab::cli::Context ctx{std::cout, std::cerr};
  CLI::App app{"sdlab — a system-design lab: capacity, saturation, latency, failures, security, score"};
  app.name("sdlab");
  app.set_version_flag("--version", std::string("sdlab ") + SDLAB_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  sdlab::cli::AddValidateCommand(app, ctx);
  sdlab::cli::AddEstimateCommand(app, ctx);
  sdlab::cli::AddSimulateCommand(app, ctx);
  sdlab::cli::AddScoreCommand(app, ctx);
  sdlab::cli::AddDiffCommand(app, ctx);
  sdlab::cli::AddExplainCommand(app, ctx);
  CLI::App* model = app.add_subcommand("model", "Run one model alone, calculator style");
  model->require_subcommand(1);
  sdlab::cli::AddModelCommands(*model, ctx);
  sdlab::cli::AddSchemaCommand(app, ctx);
  sdlab::cli::AddNumbersCommand(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return sdlab::cli::kExitInput;
  } catch (const std::exception& e) {
    std::cerr << "sdlab: internal error: " << e.what() << "\n";
    return sdlab::cli::kExitInput;
  }
  std::cout.flush();
  return ctx.exit_code;
}
