// Fuzz target: the share-link decoder (URL fragment "#bp=<base64url>&seed=N&focus=..." → design).
// A decoded design re-encodes to a fragment that decodes to the same state.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "sdlab/share.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto state = sdlab::share::DecodeShareFragment(text);
  if (!state) {
    sdlab::fuzz::Require(!state.error().message.empty(), "a refused fragment says why");
  } else {
    auto again = sdlab::share::EncodeShareLink(state->text, state->seed, state->focus);
    if (again) {
      auto back = sdlab::share::DecodeShareFragment(*again);
      sdlab::fuzz::Require(back.has_value(), "an encoded link decodes");
      sdlab::fuzz::Require(back->text == state->text && back->seed == state->seed, "the round trip keeps the design");
    }
  }
  (void)sdlab::share::Base64UrlDecode(text);
  (void)sdlab::share::PercentDecode(text);
  return 0;
}
