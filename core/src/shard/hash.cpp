// The hashes of the shard area: SplitMix64 finaliser, FNV-1a, text keys, jump consistent hash.
#include <charconv>

#include "sdlab/random.h"
#include "shard/schemes.h"

namespace sdlab::shard {

std::uint64_t Mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::uint64_t Fnv1a64(std::string_view text) {
  std::uint64_t h = 0xCBF29CE484222325ull;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ull;
  }
  return h;
}

std::uint64_t KeyFromText(std::string_view text, bool* is_integer) {
  std::uint64_t v = 0;
  const bool digits_only = !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  if (digits_only) {
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && ptr == text.data() + text.size()) {
      if (is_integer != nullptr) *is_integer = true;
      return v;
    }
  }
  if (is_integer != nullptr) *is_integer = false;
  return Fnv1a64(text);
}

std::int32_t JumpConsistentHash(std::uint64_t key, std::int32_t buckets) {
  // Lamping & Veach (2014), figure 1: jump forward through the buckets with a 64-bit LCG seeded by
  // the key; the last bucket landed on before passing `buckets` is the answer.
  std::int64_t b = -1, j = 0;
  while (j < buckets) {
    b = j;
    key = key * 2862933555777941757ull + 1;
    j = static_cast<std::int64_t>(static_cast<double>(b + 1) *
                                  (static_cast<double>(1ll << 31) / static_cast<double>((key >> 33) + 1)));
  }
  return static_cast<std::int32_t>(b);
}

namespace detail {

double Log2(double x) { return DetLog(x) / DetLog(2.0); }

}  // namespace detail

}  // namespace sdlab::shard
