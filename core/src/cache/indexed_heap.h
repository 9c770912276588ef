// cache/indexed_heap.h — a binary min-heap of slot indices with updatable keys (internal).
//
// Used where the victim is "the entry with the smallest key": LFU (count, last use) and Belady
// (farthest next use, stored inverted). Keys compare as the pair (major, minor); callers make
// the pair unique (e.g. with a per-request tick) so the victim never depends on heap layout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "cache/object_table.h"

namespace sdlab::cache::detail {

struct HeapKey {
  std::uint64_t major;
  std::uint64_t minor;
  bool operator<(const HeapKey& o) const { return major != o.major ? major < o.major : minor < o.minor; }
};

class IndexedHeap {
 public:
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  std::uint32_t Top() const { return heap_.front(); }
  const HeapKey& KeyOf(std::uint32_t slot) const { return keys_[slot]; }

  void Push(std::uint32_t slot, HeapKey key) {
    if (slot >= keys_.size()) {
      keys_.resize(slot + 1);
      pos_.resize(slot + 1, kNoSlot);
    }
    keys_[slot] = key;
    pos_[slot] = static_cast<std::uint32_t>(heap_.size());
    heap_.push_back(slot);
    SiftUp(heap_.size() - 1);
  }

  void Update(std::uint32_t slot, HeapKey key) {
    const HeapKey old = keys_[slot];
    keys_[slot] = key;
    if (key < old) SiftUp(pos_[slot]); else SiftDown(pos_[slot]);
  }

  void Remove(std::uint32_t slot) {
    const std::size_t i = pos_[slot];
    const std::size_t last = heap_.size() - 1;
    pos_[slot] = kNoSlot;
    if (i != last) {
      const std::uint32_t moved = heap_[last];
      heap_[i] = moved;
      pos_[moved] = static_cast<std::uint32_t>(i);
      heap_.pop_back();
      SiftUp(i);
      SiftDown(pos_[moved]);
    } else {
      heap_.pop_back();
    }
  }

  std::size_t MemoryBytes() const {
    return heap_.capacity() * sizeof(std::uint32_t) + keys_.capacity() * sizeof(HeapKey) +
           pos_.capacity() * sizeof(std::uint32_t);
  }

 private:
  void Swap(std::size_t a, std::size_t b) {
    // heap_[a] and heap_[b] trade places; pos_ follows.
    const std::uint32_t sa = heap_[a], sb = heap_[b];
    heap_[a] = sb;
    heap_[b] = sa;
    pos_[sb] = static_cast<std::uint32_t>(a);
    pos_[sa] = static_cast<std::uint32_t>(b);
  }
  void SiftUp(std::size_t i) {
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!(keys_[heap_[i]] < keys_[heap_[parent]])) break;
      Swap(i, parent);
      i = parent;
    }
  }
  void SiftDown(std::size_t i) {
    const std::size_t n = heap_.size();
    for (;;) {
      const std::size_t l = 2 * i + 1;
      if (l >= n) break;
      std::size_t best = l;
      if (l + 1 < n && keys_[heap_[l + 1]] < keys_[heap_[l]]) best = l + 1;
      if (!(keys_[heap_[best]] < keys_[heap_[i]])) break;
      Swap(i, best);
      i = best;
    }
  }

  std::vector<std::uint32_t> heap_;  ///< slots in heap order
  std::vector<HeapKey> keys_;        ///< by slot
  std::vector<std::uint32_t> pos_;   ///< by slot: index in heap_
};

}  // namespace sdlab::cache::detail
