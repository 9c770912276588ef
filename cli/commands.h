// cli/commands.h — every sdlab subcommand registers itself on the CLI11 app through one function.
// A command's callback writes to ctx.out / ctx.err and sets ctx.exit_code:
//   0 ok · 1 the design fails a gate (--fail-on, --min-score) · 2 bad input or usage.
#pragma once

#include <iosfwd>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace sdlab::cost {
struct CostResult;
}

namespace sdlab::cli {

/// The cost section's text (cmd_model_cost.cpp), also printed by `sdlab estimate FILE`.
void PrintCostText(std::ostream& out, const cost::CostResult& r);

struct Context {
  std::ostream& out;
  std::ostream& err;
  int exit_code = 0;
};

constexpr int kExitOk = 0;
constexpr int kExitGate = 1;
constexpr int kExitInput = 2;

/// Reads a whole file, refusing files larger than max_bytes. On failure sets `error` and returns false.
bool ReadTextFile(const std::string& path, std::size_t max_bytes, std::string& text, std::string& error);
/// Pretty JSON with a trailing newline: the one way every command prints JSON (deterministic).
void PrintJson(std::ostream& out, const nlohmann::json& j);
/// Adds `--format` restricted to the given choices, defaulting to the first.
CLI::Option* AddFormatOption(CLI::App& cmd, std::string& format, std::initializer_list<std::string> choices);

void AddValidateCommand(CLI::App& app, Context& ctx);
void AddEstimateCommand(CLI::App& app, Context& ctx);
void AddSimulateCommand(CLI::App& app, Context& ctx);
void AddScoreCommand(CLI::App& app, Context& ctx);
void AddDiffCommand(CLI::App& app, Context& ctx);
void AddExplainCommand(CLI::App& app, Context& ctx);
void AddSchemaCommand(CLI::App& app, Context& ctx);
void AddNumbersCommand(CLI::App& app, Context& ctx);
/// `sdlab model <name>`: each model area adds its subcommand to `model` (see cmd_model_*.cpp).
void AddModelCommands(CLI::App& model, Context& ctx);
void AddModelQueueCommand(CLI::App& model, Context& ctx);
void AddModelReplicationCommand(CLI::App& model, Context& ctx);
void AddModelAvailabilityCommand(CLI::App& model, Context& ctx);
void AddModelBalanceCommand(CLI::App& model, Context& ctx);
void AddModelCacheCommand(CLI::App& model, Context& ctx);
void AddModelShardCommand(CLI::App& model, Context& ctx);
void AddModelNetworkCommand(CLI::App& model, Context& ctx);
void AddModelRealtimeCommand(CLI::App& model, Context& ctx);
void AddModelSerializationCommand(CLI::App& model, Context& ctx);
void AddModelStorageCommand(CLI::App& model, Context& ctx);
void AddModelCostCommand(CLI::App& model, Context& ctx);
void AddModelConcurrencyCommand(CLI::App& model, Context& ctx);
void AddModelUslCommand(CLI::App& model, Context& ctx);
void AddModelDbOptCommand(CLI::App& model, Context& ctx);
void AddModelSloCommand(CLI::App& model, Context& ctx);

}  // namespace sdlab::cli
