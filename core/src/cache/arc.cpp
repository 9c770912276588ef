// ARC (Megiddo & Modha, FAST 2003): two resident lists, T1 (seen once recently) and T2 (seen at
// least twice), and two ghost lists of recently evicted ids, B1 and B2. A hit in a ghost list moves
// the target size p of T1 towards the list that would have hit: +max(1, |B2|/|B1|) on a B1 ghost hit,
// −max(1, |B1|/|B2|) on a B2 ghost hit. REPLACE evicts T1's LRU end to B1 when |T1| > p (or
// |T1| ≥ p on a B2 ghost hit), else T2's LRU end to B2.
//
// Sizes: written for unit pages as in the paper, generalised by measuring every |list| in size units,
// scaling the p adjustment by the requested object's size, and repeating REPLACE until the object
// fits. With unit sizes this is exactly the paper's algorithm (p is kept as a real number, so the
// paper's |T1| = p test reads |T1| ≥ p).
#include <algorithm>
#include <vector>

#include "cache/node_list.h"
#include "cache/object_table.h"
#include "cache/policy_base.h"

namespace sdlab::cache::detail {
namespace {

class Arc final : public PolicyBase<Arc> {
 public:
  explicit Arc(const PolicyDef& def)
      : capacity_(def.capacity), c_(static_cast<double>(def.capacity)), index_(2 * ReserveHint(def)) {
    pool_.Reserve(2 * ReserveHint(def));
    tag_.reserve(2 * ReserveHint(def));
  }

  std::string_view Name() const override { return "arc"; }

  bool Serve(const Request& r) {
    const std::uint32_t slot = index_.Find(r.id);
    const double s = static_cast<double>(r.size);
    if (slot != kNoSlot && (tag_[slot] == kT1 || tag_[slot] == kT2)) {  // case I: a hit
      list_[tag_[slot]].Remove(pool_, slot);
      Push(kT2, slot);
      return true;
    }
    if (r.size > capacity_) return false;
    if (slot != kNoSlot) {  // cases II and III: a ghost hit (a miss)
      const bool in_b1 = tag_[slot] == kB1;
      const double b1 = static_cast<double>(list_[kB1].bytes), b2 = static_cast<double>(list_[kB2].bytes);
      if (in_b1) {
        p_ = std::min(c_, p_ + s * std::max(1.0, b2 / b1));
      } else {
        p_ = std::max(0.0, p_ - s * std::max(1.0, b1 / b2));
      }
      list_[tag_[slot]].Remove(pool_, slot);
      pool_[slot].size = r.size;
      while (Resident() + r.size > capacity_) Replace(!in_b1);
      Push(kT2, slot);
      TrimGhosts();
      return false;
    }
    // Case IV: not in any list.
    if (list_[kT1].bytes + list_[kB1].bytes + r.size > capacity_) {  // A: L1 would exceed c
      while (!list_[kB1].empty() && list_[kT1].bytes + list_[kB1].bytes + r.size > capacity_) DropBack(kB1);
      while (!list_[kT1].empty() && list_[kT1].bytes + list_[kB1].bytes + r.size > capacity_) {
        const std::uint32_t v = list_[kT1].back;
        list_[kT1].Remove(pool_, v);
        Forget(v);
        ++counters_.evictions;
      }
    } else {  // B: L1 has room; keep the directory within 2c
      while (!list_[kB2].empty() && Total() + r.size > 2 * capacity_) DropBack(kB2);
    }
    while (Resident() + r.size > capacity_) Replace(false);
    const std::uint32_t n = pool_.Alloc(r.id, r.size);
    if (n >= tag_.size()) tag_.resize(n + 1);
    Push(kT1, n);
    index_.Insert(r.id, n);
    TrimGhosts();
    return false;
  }

  void Erase(std::uint32_t id) override {
    const std::uint32_t slot = index_.Find(id);
    if (slot == kNoSlot || !(tag_[slot] == kT1 || tag_[slot] == kT2)) return;
    list_[tag_[slot]].Remove(pool_, slot);
    Forget(slot);
  }
  bool Contains(std::uint32_t id) const override {
    const std::uint32_t slot = index_.Find(id);
    return slot != kNoSlot && (tag_[slot] == kT1 || tag_[slot] == kT2);
  }
  std::uint64_t Capacity() const override { return capacity_; }
  std::uint64_t Used() const override { return Resident(); }
  std::uint64_t ObjectCount() const override { return list_[kT1].count + list_[kT2].count; }
  std::size_t MemoryBytes() const override { return index_.MemoryBytes() + pool_.MemoryBytes() + tag_.capacity(); }

  /// Target size of T1 (for tests).
  double Target() const { return p_; }

 private:
  enum : std::uint8_t { kT1 = 0, kT2 = 1, kB1 = 2, kB2 = 3 };

  std::uint64_t Resident() const { return list_[kT1].bytes + list_[kT2].bytes; }
  std::uint64_t Total() const { return Resident() + list_[kB1].bytes + list_[kB2].bytes; }
  void Push(std::uint8_t list, std::uint32_t slot) {
    tag_[slot] = list;
    list_[list].PushFront(pool_, slot);
  }
  void Forget(std::uint32_t slot) {
    index_.Erase(pool_[slot].id);
    pool_.Free(slot);
  }
  void DropBack(std::uint8_t list) {
    const std::uint32_t v = list_[list].back;
    list_[list].Remove(pool_, v);
    Forget(v);
  }
  // REPLACE(x, p): demote the LRU end of T1 or T2 to its ghost list.
  void Replace(bool request_in_b2) {
    const double t1 = static_cast<double>(list_[kT1].bytes);
    const bool from_t1 = !list_[kT1].empty() && (t1 > p_ || (request_in_b2 && t1 >= p_) || list_[kT2].empty());
    const std::uint8_t from = from_t1 ? kT1 : kT2;
    const std::uint32_t v = list_[from].back;
    list_[from].Remove(pool_, v);
    Push(from_t1 ? kB1 : kB2, v);
    ++counters_.evictions;
  }
  // Invariants |T1| + |B1| ≤ c and |T1| + |T2| + |B1| + |B2| ≤ 2c (no-ops for unit sizes).
  void TrimGhosts() {
    while (!list_[kB1].empty() && list_[kT1].bytes + list_[kB1].bytes > capacity_) DropBack(kB1);
    while (!list_[kB2].empty() && Total() > 2 * capacity_) DropBack(kB2);
  }

  std::uint64_t capacity_;
  double c_;
  double p_ = 0;
  ObjectTable index_;
  NodePool pool_;
  NodeList list_[4];
  std::vector<std::uint8_t> tag_;  // by slot: which list
};

}  // namespace

std::unique_ptr<EvictionPolicy> MakeArc(const PolicyDef& def) { return std::make_unique<Arc>(def); }

}  // namespace sdlab::cache::detail
