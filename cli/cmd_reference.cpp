// `sdlab schema` (the blueprint JSON Schema) and `sdlab numbers` (latency and powers-of-two tables).
#include <iomanip>
#include <iostream>

#include "commands.h"
#include "sdlab/numbers.h"
#include "sdlab/units.h"

namespace sdlab::cli {

namespace {
constexpr char kSchemaText[] = {
#include "schema_text.inc"
    '\0'};

std::string FormatNs(double ns) {
  if (ns < 1000) return units::FormatNumber(ns) + " ns";
  if (ns < 1e6) return units::FormatNumber(ns / 1e3) + " us";
  return units::FormatNumber(ns / 1e6) + " ms";
}
}  // namespace

void AddSchemaCommand(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("schema", "Print the blueprint JSON Schema (2020-12), for editors");
  auto format = std::make_shared<std::string>();
  AddFormatOption(*cmd, *format, {"json"});
  cmd->callback([&ctx] {
    ctx.out << kSchemaText;
    ctx.exit_code = kExitOk;
  });
}

void AddNumbersCommand(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("numbers", "Latency numbers every programmer should know; powers of two");
  auto format = std::make_shared<std::string>();
  AddFormatOption(*cmd, *format, {"text", "json"});
  cmd->callback([format, &ctx] {
    if (*format == "json") {
      PrintJson(ctx.out, NumbersToJson());
      return;
    }
    ctx.out << "Latency numbers every programmer should know (orders of magnitude)\n\n";
    for (const auto& l : LatencyNumbers())
      ctx.out << "  " << std::left << std::setw(40) << l.operation << std::right << std::setw(10) << FormatNs(l.ns)
              << "   " << l.note << "\n";
    ctx.out << "\nPowers of two\n\n";
    for (const auto& p : PowersOfTwo())
      ctx.out << "  2^" << std::left << std::setw(4) << p.power << std::right << std::setw(20)
              << units::FormatNumber(p.exact, 17) << "   " << std::left << std::setw(16) << p.approx << p.bytes_name
              << "\n";
  });
}

}  // namespace sdlab::cli
