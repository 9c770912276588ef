// Fuzz target: JSON text → LoadBlueprint. Either a blueprint or diagnostics, each with a non-empty
// message and a position inside the text; never a crash, a hang or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "sdlab/blueprint.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto bp = sdlab::LoadBlueprint(text);
  if (!bp) {
    sdlab::fuzz::Require(!bp.error().empty(), "an invalid blueprint has at least one diagnostic");
    for (const auto& d : bp.error()) {
      sdlab::fuzz::Require(!d.message.empty(), "a diagnostic has a message");
      sdlab::fuzz::Require(d.location.line >= 1 && d.location.column >= 1, "a diagnostic has a 1-based position");
      (void)d.ToString();
    }
  }
  return 0;
}
