// S3-FIFO (Yang et al., SOSP 2023): three FIFO queues. S (small, 10% of the capacity) admits new
// objects; M (main, the rest) holds objects that proved themselves; G (ghost, ids only, as large as
// M) remembers objects recently evicted from S. Each cached object has a 2-bit hit counter (0..3).
//   hit          counter = min(counter + 1, 3)
//   miss         admit to M if the id is in G (and drop it from G), else to S; counter = 0
//   make room    evict from S while S holds ≥ 10% of the capacity (or M is empty), else from M
//   evict from S the oldest object of S: if its counter ≥ the move threshold (default 1: hit at
//                least once while in S) it moves to M with its counter reset (and M evicts if it
//                exceeds its share); else it leaves the cache and its id enters G
//   evict from M the oldest object of M: if its counter > 0 it is reinserted at the front with the
//                counter decremented; else it leaves the cache
#include <vector>

#include "cache/node_list.h"
#include "cache/object_table.h"
#include "cache/policy_base.h"

namespace sdlab::cache::detail {
namespace {

class S3Fifo final : public PolicyBase<S3Fifo> {
 public:
  explicit S3Fifo(const PolicyDef& def)
      : capacity_(def.capacity),
        small_target_(static_cast<double>(def.capacity) * def.s3fifo_small_fraction),
        main_capacity_(static_cast<double>(def.capacity) - small_target_),
        move_threshold_(def.s3fifo_move_threshold),
        index_(2 * ReserveHint(def)) {
    pool_.Reserve(2 * ReserveHint(def));
    tag_.reserve(2 * ReserveHint(def));
    freq_.reserve(2 * ReserveHint(def));
  }

  std::string_view Name() const override { return "s3fifo"; }

  bool Serve(const Request& r) {
    std::uint32_t slot = index_.Find(r.id);
    if (slot != kNoSlot && tag_[slot] != kG) {
      if (freq_[slot] < 3) ++freq_[slot];
      return true;
    }
    if (r.size > capacity_) return false;
    const bool was_ghost = slot != kNoSlot;
    if (was_ghost) {
      list_[kG].Remove(pool_, slot);
      index_.Erase(r.id);
      pool_.Free(slot);
    }
    while (Resident() + r.size > capacity_) Evict();
    slot = pool_.Alloc(r.id, r.size);
    if (slot >= tag_.size()) {
      tag_.resize(slot + 1);
      freq_.resize(slot + 1);
    }
    freq_[slot] = 0;
    Push(was_ghost ? kM : kS, slot);
    index_.Insert(r.id, slot);
    return false;
  }

  void Erase(std::uint32_t id) override {
    const std::uint32_t slot = index_.Find(id);
    if (slot == kNoSlot || tag_[slot] == kG) return;
    list_[tag_[slot]].Remove(pool_, slot);
    index_.Erase(id);
    pool_.Free(slot);
  }
  bool Contains(std::uint32_t id) const override {
    const std::uint32_t slot = index_.Find(id);
    return slot != kNoSlot && tag_[slot] != kG;
  }
  std::uint64_t Capacity() const override { return capacity_; }
  std::uint64_t Used() const override { return Resident(); }
  std::uint64_t ObjectCount() const override { return list_[kS].count + list_[kM].count; }
  std::size_t MemoryBytes() const override {
    return index_.MemoryBytes() + pool_.MemoryBytes() + tag_.capacity() + freq_.capacity();
  }

 private:
  enum : std::uint8_t { kS = 0, kM = 1, kG = 2 };

  std::uint64_t Resident() const { return list_[kS].bytes + list_[kM].bytes; }
  void Push(std::uint8_t list, std::uint32_t slot) {
    tag_[slot] = list;
    list_[list].PushFront(pool_, slot);
  }
  void Evict() {
    const bool small_full = static_cast<double>(list_[kS].bytes) >= small_target_;
    if (!list_[kS].empty() && (small_full || list_[kM].empty())) EvictSmall(); else EvictMain();
  }
  void EvictSmall() {
    while (!list_[kS].empty()) {
      const std::uint32_t t = list_[kS].back;
      list_[kS].Remove(pool_, t);
      if (freq_[t] >= move_threshold_) {
        freq_[t] = 0;
        Push(kM, t);
        if (static_cast<double>(list_[kM].bytes) > main_capacity_) EvictMain();
      } else {
        Push(kG, t);  // the id stays indexed, as a ghost
        ++counters_.evictions;
        while (!list_[kG].empty() && static_cast<double>(list_[kG].bytes) > main_capacity_) {
          const std::uint32_t g = list_[kG].back;
          list_[kG].Remove(pool_, g);
          index_.Erase(pool_[g].id);
          pool_.Free(g);
        }
        return;
      }
    }
  }
  void EvictMain() {
    while (!list_[kM].empty()) {
      const std::uint32_t t = list_[kM].back;
      if (freq_[t] > 0) {
        --freq_[t];
        list_[kM].MoveToFront(pool_, t);
        continue;
      }
      list_[kM].Remove(pool_, t);
      index_.Erase(pool_[t].id);
      pool_.Free(t);
      ++counters_.evictions;
      return;
    }
  }

  std::uint64_t capacity_;
  double small_target_;
  double main_capacity_;
  std::uint32_t move_threshold_;
  ObjectTable index_;
  NodePool pool_;
  NodeList list_[3];
  std::vector<std::uint8_t> tag_;   // by slot: S, M or G
  std::vector<std::uint8_t> freq_;  // by slot: 0..3
};

}  // namespace

std::unique_ptr<EvictionPolicy> MakeS3Fifo(const PolicyDef& def) { return std::make_unique<S3Fifo>(def); }

}  // namespace sdlab::cache::detail
