// RANDOM: evict a cached object chosen uniformly at random (seeded; Rng::Below over the cached set).
#include <vector>

#include "cache/object_table.h"
#include "cache/policy_base.h"
#include "sdlab/random.h"

namespace sdlab::cache::detail {
namespace {

class RandomEviction final : public PolicyBase<RandomEviction> {
 public:
  explicit RandomEviction(const PolicyDef& def) : capacity_(def.capacity), rng_(def.seed), index_(ReserveHint(def)) {
    entries_.reserve(ReserveHint(def));
  }

  std::string_view Name() const override { return "random"; }

  bool Serve(const Request& r) {
    if (index_.Find(r.id) != kNoSlot) return true;
    if (r.size > capacity_) return false;
    while (used_ + r.size > capacity_) {
      RemoveAt(static_cast<std::uint32_t>(rng_.Below(entries_.size())));
      ++counters_.evictions;
    }
    index_.Insert(r.id, static_cast<std::uint32_t>(entries_.size()));
    entries_.push_back(Entry{r.id, r.size});
    used_ += r.size;
    return false;
  }

  void Erase(std::uint32_t id) override {
    const std::uint32_t pos = index_.Find(id);
    if (pos != kNoSlot) RemoveAt(pos);
  }
  bool Contains(std::uint32_t id) const override { return index_.Find(id) != kNoSlot; }
  std::uint64_t Capacity() const override { return capacity_; }
  std::uint64_t Used() const override { return used_; }
  std::uint64_t ObjectCount() const override { return entries_.size(); }
  std::size_t MemoryBytes() const override { return index_.MemoryBytes() + entries_.capacity() * sizeof(Entry); }

 private:
  struct Entry {
    std::uint32_t id;
    std::uint32_t size;
  };
  // Swap-remove keeps the cached set dense, so Below(n) picks uniformly among cached objects.
  void RemoveAt(std::uint32_t pos) {
    const Entry gone = entries_[pos];
    used_ -= gone.size;
    index_.Erase(gone.id);
    const std::uint32_t last = static_cast<std::uint32_t>(entries_.size() - 1);
    if (pos != last) {
      entries_[pos] = entries_[last];
      index_.Assign(entries_[pos].id, pos);
    }
    entries_.pop_back();
  }

  std::uint64_t capacity_;
  std::uint64_t used_ = 0;
  Rng rng_;
  ObjectTable index_;
  std::vector<Entry> entries_;
};

}  // namespace

std::unique_ptr<EvictionPolicy> MakeRandom(const PolicyDef& def) { return std::make_unique<RandomEviction>(def); }

}  // namespace sdlab::cache::detail
