// sdlab/share.h — deep links into the playground: a blueprint, a seed and a focus in a URL fragment.
//
// A finding's link opens the same design and the same run in the browser:
//   <playground url>#bp=<base64url of the blueprint text>&seed=<N>&focus=<id>
// The fragment (after '#') never reaches a server, so the design stays on the user's machine.
//   bp     the blueprint text exactly as written (comments included), UTF-8, encoded with the
//          base64url alphabet of RFC 4648 §5 ('-' and '_'), without '=' padding.
//   seed   a decimal unsigned 64-bit integer (the simulator's seed).
//   focus  what to select on opening: a component id, a flow id or a rule id; percent-encoded
//          (RFC 3986 unreserved characters are kept as they are). May be empty or absent.
// Limits: the blueprint text is at most kMaxShareTextBytes bytes (a link of ~87 K characters,
// which browsers accept); a longer text is refused rather than cut. Parameters other than these
// three are ignored when decoding, so later versions can add some.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sdlab/expected.h"

namespace sdlab::share {

/// Largest blueprint text a link may carry, bytes.
inline constexpr std::size_t kMaxShareTextBytes = 64 * 1024;

/// What a fragment carries.
struct ShareState {
  std::string text;         ///< the blueprint text
  std::uint64_t seed = 1;   ///< 1 when the fragment has no seed
  std::string focus;        ///< "" when none
};

/// Why a link cannot be made or read.
struct ShareError {
  std::string message;
};

/// RFC 4648 §5 base64url without padding.
std::string Base64UrlEncode(std::string_view bytes);
/// Accepts base64url (and '+' '/' of plain base64), with or without '=' padding; refuses other
/// characters, an impossible length (4n+1) and non-zero trailing bits.
Expected<std::string, ShareError> Base64UrlDecode(std::string_view text);

/// Percent-encodes every byte outside RFC 3986's unreserved set (A-Z a-z 0-9 - . _ ~).
std::string PercentEncode(std::string_view text);
/// Decodes %XX escapes ('+' stays '+'); refuses a malformed escape.
Expected<std::string, ShareError> PercentDecode(std::string_view text);

/// "#bp=...&seed=N&focus=..." (focus omitted when empty). Refuses text above kMaxShareTextBytes.
Expected<std::string, ShareError> EncodeShareLink(std::string_view text, std::uint64_t seed, std::string_view focus);
/// A full link: `base_url` (e.g. "https://example.org/sdlab/") followed by the fragment. A
/// fragment already in base_url is replaced.
Expected<std::string, ShareError> ShareUrl(std::string_view base_url, std::string_view text, std::uint64_t seed,
                                           std::string_view focus);
/// Reads a fragment, with or without its leading '#', or a whole URL (everything up to the first
/// '#' is skipped). Needs `bp`; `seed` and `focus` are optional.
Expected<ShareState, ShareError> DecodeShareFragment(std::string_view fragment);

}  // namespace sdlab::share
