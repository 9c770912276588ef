// Deep links: base64url (RFC 4648 §5), percent-encoding (RFC 3986) and the #bp=&seed=&focus= fragment.
#include "sdlab/share.h"

#include <array>

namespace sdlab::share {

namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The 6-bit value of a base64 character, or -1.
int SextetOf(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-' || c == '+') return 62;
  if (c == '_' || c == '/') return 63;
  return -1;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

ShareError Error(std::string message) { return ShareError{std::move(message)}; }

/// A decimal unsigned 64-bit integer, no sign, no spaces.
bool ParseSeed(std::string_view s, std::uint64_t& out) {
  if (s.empty() || s.size() > 20) return false;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const std::uint32_t v = byte(i) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (rest == 2) {
    const std::uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

Expected<std::string, ShareError> Base64UrlDecode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (SextetOf(text[i]) < 0) return Unexpected{Error("character " + std::to_string(i + 1) + " is not base64url")};
  if (text.size() % 4 == 1) return Unexpected{Error("base64url text of impossible length " + std::to_string(text.size()))};
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int v = SextetOf(text[i]);
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  if (bits > 0 && (acc & ((1u << bits) - 1u)) != 0)
    return Unexpected{Error("base64url text has non-zero padding bits")};
  return out;
}

std::string PercentEncode(std::string_view text) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (Unreserved(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Expected<std::string, ShareError> PercentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return Unexpected{Error("a '%' escape is cut short")};
    const int hi = HexValue(text[i + 1]);
    const int lo = HexValue(text[i + 2]);
    if (hi < 0 || lo < 0) return Unexpected{Error("'%" + std::string(text.substr(i + 1, 2)) + "' is not a valid escape")};
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

Expected<std::string, ShareError> EncodeShareLink(std::string_view text, std::uint64_t seed, std::string_view focus) {
  if (text.size() > kMaxShareTextBytes)
    return Unexpected{Error("the blueprint is " + std::to_string(text.size()) + " bytes; a link carries at most " +
                            std::to_string(kMaxShareTextBytes))};
  std::string out = "#bp=" + Base64UrlEncode(text) + "&seed=" + std::to_string(seed);
  if (!focus.empty()) out += "&focus=" + PercentEncode(focus);
  return out;
}

Expected<std::string, ShareError> ShareUrl(std::string_view base_url, std::string_view text, std::uint64_t seed,
                                           std::string_view focus) {
  auto fragment = EncodeShareLink(text, seed, focus);
  if (!fragment) return fragment;
  const std::size_t hash = base_url.find('#');
  if (hash != std::string_view::npos) base_url = base_url.substr(0, hash);
  return std::string(base_url) + *fragment;
}

Expected<ShareState, ShareError> DecodeShareFragment(std::string_view fragment) {
  const std::size_t hash = fragment.find('#');
  if (hash != std::string_view::npos) fragment = fragment.substr(hash + 1);
  if (fragment.size() > kMaxShareTextBytes * 2) return Unexpected{Error("the fragment is too long")};
  ShareState state;
  bool have_bp = false;
  while (!fragment.empty()) {
    const std::size_t amp = fragment.find('&');
    const std::string_view part = fragment.substr(0, amp);
    fragment = amp == std::string_view::npos ? std::string_view{} : fragment.substr(amp + 1);
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    const std::string_view key = part.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1);
    if (key == "bp") {
      auto text = Base64UrlDecode(value);
      if (!text) return Unexpected{Error("bp: " + text.error().message)};
      if (text->size() > kMaxShareTextBytes)
        return Unexpected{Error("bp: the blueprint is larger than " + std::to_string(kMaxShareTextBytes) + " bytes")};
      state.text = std::move(*text);
      have_bp = true;
    } else if (key == "seed") {
      if (!ParseSeed(value, state.seed))
        return Unexpected{Error("seed: '" + std::string(value.substr(0, 24)) + "' is not an unsigned 64-bit integer")};
    } else if (key == "focus") {
      auto f = PercentDecode(value);
      if (!f) return Unexpected{Error("focus: " + f.error().message)};
      state.focus = std::move(*f);
    }
  }
  if (!have_bp) return Unexpected{Error("the fragment has no 'bp' parameter")};
  return state;
}

}  // namespace sdlab::share
