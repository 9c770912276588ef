// cache/object_table.h — the object id → slot index of every eviction policy (internal).
//
// Open addressing with linear probing and backward-shift deletion (no tombstones), keyed by a
// 32-bit dense object id. The table length is not a power of two: a slot is chosen by Lemire's
// multiply-shift range reduction of a Fibonacci hash, so the table can be sized to exactly
// ceil(expected entries / kMaxLoad) and the memory per cached object stays small (8 / 0.5 = 16
// bytes at full load; a load of 0.5 keeps probe runs short: ~1.5 probes per hit, ~2.5 per miss).
// The table grows (×2) when the load passes kMaxLoad.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sdlab::cache::detail {

inline constexpr std::uint32_t kNoSlot = 0xFFFFFFFFu;

class ObjectTable {
 public:
  static constexpr double kMaxLoad = 0.5;

  explicit ObjectTable(std::size_t expected_entries = 16) { Rebuild(CapacityFor(expected_entries)); }

  /// The value stored for `key`, or kNoSlot.
  std::uint32_t Find(std::uint32_t key) const {
    std::size_t i = Home(key);
    for (;;) {
      const Entry& e = entries_[i];
      if (e.key == key) return e.value;
      if (e.key == kEmptyKey) return kNoSlot;
      i = Next(i);
    }
  }

  /// Hints the CPU to load `key`'s home bucket (a no-op where the builtin is missing).
  void Prefetch(std::uint32_t key) const {
#if defined(__GNUC__)
    __builtin_prefetch(&entries_[Home(key)]);
#else
    (void)key;
#endif
  }

  /// Inserts `key` (which must be absent).
  void Insert(std::uint32_t key, std::uint32_t value) {
    if (static_cast<double>(size_ + 1) > kMaxLoad * static_cast<double>(entries_.size())) Grow();
    std::size_t i = Home(key);
    while (entries_[i].key != kEmptyKey) i = Next(i);
    entries_[i] = Entry{key, value};
    ++size_;
  }

  /// Sets the value of a present key, or inserts it.
  void Assign(std::uint32_t key, std::uint32_t value) {
    std::size_t i = Home(key);
    for (;;) {
      Entry& e = entries_[i];
      if (e.key == key) {
        e.value = value;
        return;
      }
      if (e.key == kEmptyKey) break;
      i = Next(i);
    }
    Insert(key, value);
  }

  /// Removes `key` if present; returns whether it was.
  bool Erase(std::uint32_t key) {
    std::size_t i = Home(key);
    for (;;) {
      if (entries_[i].key == key) break;
      if (entries_[i].key == kEmptyKey) return false;
      i = Next(i);
    }
    // Backward-shift: pull later members of the probe run into the hole while they may move.
    std::size_t hole = i;
    std::size_t j = Next(i);
    while (entries_[j].key != kEmptyKey) {
      const std::size_t home = Home(entries_[j].key);
      // Entry j may move to `hole` iff its home is not cyclically within (hole, j].
      const bool home_in_range = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
      if (!home_in_range) {
        entries_[hole] = entries_[j];
        hole = j;
      }
      j = Next(j);
    }
    entries_[hole] = Entry{kEmptyKey, 0};
    --size_;
    return true;
  }

  void Clear() {
    for (auto& e : entries_) e = Entry{kEmptyKey, 0};
    size_ = 0;
  }

  std::size_t size() const { return size_; }
  std::size_t MemoryBytes() const { return entries_.capacity() * sizeof(Entry); }

 private:
  static constexpr std::uint32_t kEmptyKey = 0xFFFFFFFFu;
  struct Entry {
    std::uint32_t key;
    std::uint32_t value;
  };

  static std::size_t CapacityFor(std::size_t entries) {
    const auto c = static_cast<std::size_t>(static_cast<double>(entries) / kMaxLoad) + 2;
    return c < 8 ? 8 : c;
  }
  std::size_t Home(std::uint32_t key) const {
    const std::uint64_t h = static_cast<std::uint32_t>(key * 0x9E3779B1u);
    return static_cast<std::size_t>((h * entries_.size()) >> 32);
  }
  std::size_t Next(std::size_t i) const { return i + 1 == entries_.size() ? 0 : i + 1; }

  void Rebuild(std::size_t capacity) {
    std::vector<Entry> old;
    old.swap(entries_);
    entries_.assign(capacity, Entry{kEmptyKey, 0});
    size_ = 0;
    for (const Entry& e : old) {
      if (e.key == kEmptyKey) continue;
      std::size_t i = Home(e.key);
      while (entries_[i].key != kEmptyKey) i = Next(i);
      entries_[i] = e;
      ++size_;
    }
  }
  void Grow() { Rebuild(entries_.size() * 2); }

  std::vector<Entry> entries_;
  std::size_t size_ = 0;
};

}  // namespace sdlab::cache::detail
