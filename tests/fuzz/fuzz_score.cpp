// Fuzz target: a blueprint that loads is estimated and scored; every number in the estimate and the
// score report is finite, every score is within 0..100.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "sdlab/blueprint.h"
#include "sdlab/estimate.h"
#include "sdlab/score.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto bp = sdlab::LoadBlueprint(text);
  if (!bp) return 0;
  if (auto e = sdlab::EstimateBlueprint(*bp)) sdlab::fuzz::RequireFinite(sdlab::EstimateToJson(*e), "estimate");
  const auto report = sdlab::score::ScoreBlueprint(*bp);
  sdlab::fuzz::Require(report.overall >= 0 && report.overall <= 100, "overall score within 0..100");
  sdlab::fuzz::RequireFinite(sdlab::score::ToJson(report), "score report");
  return 0;
}
