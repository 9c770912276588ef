// TTL expiry over any policy: an object expires `ttl` ticks after it was admitted (its write time;
// hits do not extend it). A request for an expired object removes it from the inner policy and is a
// miss that re-admits it with a fresh insertion time. Expired objects are only found on access (lazy
// expiry, like memcached); until then they occupy space and take part in eviction.
#include <memory>

#include "cache/object_table.h"
#include "cache/policy_base.h"

namespace sdlab::cache::detail {
namespace {

class TtlPolicy final : public EvictionPolicy {
 public:
  TtlPolicy(std::unique_ptr<EvictionPolicy> inner, std::uint32_t ttl) : inner_(std::move(inner)), ttl_(ttl) {}

  std::string_view Name() const override { return inner_->Name(); }

  bool Access(const Request& r) override {
    if (inner_->Contains(r.id)) {
      const std::uint32_t born = admitted_.Find(r.id);
      if (born != kNoSlot && static_cast<std::uint64_t>(r.time) >= static_cast<std::uint64_t>(born) + ttl_) {
        inner_->Erase(r.id);
        ++expirations_;
      }
    }
    const bool hit = inner_->Access(r);
    if (!hit && inner_->Contains(r.id)) admitted_.Assign(r.id, r.time);
    return hit;
  }

  void Erase(std::uint32_t id) override { inner_->Erase(id); }
  bool Contains(std::uint32_t id) const override { return inner_->Contains(id); }
  std::uint64_t Capacity() const override { return inner_->Capacity(); }
  std::uint64_t Used() const override { return inner_->Used(); }
  std::uint64_t ObjectCount() const override { return inner_->ObjectCount(); }
  std::size_t MemoryBytes() const override { return inner_->MemoryBytes() + admitted_.MemoryBytes(); }
  PolicyCounters Counters() const override {
    PolicyCounters c = inner_->Counters();
    c.expirations = expirations_;
    return c;
  }

 private:
  std::unique_ptr<EvictionPolicy> inner_;
  std::uint64_t ttl_;
  std::uint64_t expirations_ = 0;
  ObjectTable admitted_;  // id → admission time (kept for ids evicted since: overwritten on re-admission)
};

}  // namespace

std::unique_ptr<EvictionPolicy> MakeTtl(std::unique_ptr<EvictionPolicy> inner, std::uint32_t ttl) {
  return std::make_unique<TtlPolicy>(std::move(inner), ttl);
}

}  // namespace sdlab::cache::detail
