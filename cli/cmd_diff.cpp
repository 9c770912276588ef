// `sdlab diff BASE HEAD`: what changed between two versions of a blueprint — estimates, latency,
// throughput, availability, findings and score — as a PR comment (Markdown) or JSON.
#include <memory>

#include "commands.h"
#include "sdlab/report.h"

namespace sdlab::cli {

// Shared with cmd_score.cpp.
std::string PlaygroundUrl(const std::string& flag);
bool ScoreFile(const std::string& path, Context& ctx, const char* command, report::ScoredFile& out, bool simulate,
               std::uint64_t seed);

namespace {

struct DiffArgs {
  std::string base, head;
  std::string format;
  int fail_if_score_drops = -1;
  std::uint64_t seed = 1;
  std::string playground_url;
  bool simulate = false;
};

}  // namespace

void AddDiffCommand(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<DiffArgs>();
  CLI::App* cmd = app.add_subcommand(
      "diff", "Compare two versions of a blueprint: estimates, p99, throughput, availability, findings, score");
  cmd->add_option("base", a->base, "The blueprint before the change")->required();
  cmd->add_option("head", a->head, "The blueprint after the change")->required();
  AddFormatOption(*cmd, a->format, {"markdown", "json"});
  cmd->add_option("--fail-if-score-drops", a->fail_if_score_drops,
                  "Exit 1 when the overall score drops by more than N points (0: any drop)")
      ->check(CLI::Range(0, 100));
  cmd->add_option("--seed", a->seed, "Seed of --simulate and of the playground deep link (default 1)");
  cmd->add_flag("--simulate", a->simulate, "Compare simulated latency (sdlab simulate's defaults) instead of the estimate");
  cmd->add_option("--playground-url", a->playground_url,
                  "Base URL of the playground (default: $SDLAB_PLAYGROUND_URL, else " +
                      std::string(report::kDefaultPlaygroundUrl) + ")");
  cmd->callback([a, &ctx] {
    report::ScoredFile base, head;
    const bool ok_base = ScoreFile(a->base, ctx, "diff", base, a->simulate, a->seed);
    const bool ok_head = ScoreFile(a->head, ctx, "diff", head, a->simulate, a->seed);
    if (!ok_base || !ok_head) {
      ctx.exit_code = kExitInput;
      return;
    }
    report::RenderOptions opt;
    opt.playground_url = PlaygroundUrl(a->playground_url);
    opt.seed = a->seed;
    opt.tool_version = SDLAB_VERSION;
    const report::BlueprintDiff d = report::DiffReports(base, head, opt);
    if (a->format == "json") PrintJson(ctx.out, report::DiffToJson(d));
    else ctx.out << report::RenderDiffMarkdown(d);
    ctx.exit_code = kExitOk;
    const int drop = d.base_score - d.head_score;
    if (a->fail_if_score_drops >= 0 && drop > a->fail_if_score_drops) {
      ctx.err << "sdlab diff: gate failed: the score dropped by " << drop << " points (" << d.base_score << " → "
              << d.head_score << "), more than --fail-if-score-drops " << a->fail_if_score_drops << "\n";
      ctx.exit_code = kExitGate;
    }
  });
}

}  // namespace sdlab::cli
