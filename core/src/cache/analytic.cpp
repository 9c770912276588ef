// Analytic hit ratios under the independent reference model: Che's approximation for LRU, the
// FIFO/RANDOM approximation, and the optimal static (top-C) allocation.
#include <algorithm>
#include <cmath>
#include <string>

#include "sdlab/cache.h"
#include "sdlab/random.h"
#include "sdlab/units.h"

namespace sdlab::cache {

namespace {

constexpr double kExactRanks = 65536;
constexpr double kBucketRatio = 1.001;

// ∫_A^B x^-α dx for 0 < A < B.
double PowerIntegral(double a, double b, double alpha) {
  const double log_ratio = DetLog(b / a);
  const double u = (1.0 - alpha) * log_ratio;
  double e = 0;  // (e^u − 1) / u
  if (std::fabs(u) < 1e-5) {
    e = 1.0 + u / 2.0 + u * u / 6.0;
  } else {
    e = (DetExp(u) - 1.0) / u;
  }
  return DetPow(a, 1.0 - alpha) * e * log_ratio;
}

std::string Num(double v, int digits = 4) { return units::FormatNumber(v, digits); }

// Finds T ≥ 0 with fill(T) = capacity for an increasing concave fill (Newton from the left, which
// never overshoots on a concave function). Returns the iteration count.
template <class Fill>
int SolveConcave(Fill fill, double capacity, double first_slope, double& t) {
  t = 0;
  double slope = first_slope;
  double value = -capacity;
  int it = 0;
  for (; it < 500; ++it) {
    if (!(slope > 0)) break;
    const double step = -value / slope;
    t += step;
    double v = 0, s = 0;
    fill(t, v, s);
    value = v - capacity;
    slope = s;
    if (value > -1e-12 * capacity || step <= 1e-15 * t) {
      ++it;
      break;
    }
  }
  return it;
}

}  // namespace

Popularity ZipfPopularity(double objects, double alpha, double object_size) {
  Popularity pop;
  const double n = std::floor(objects < 1 ? 1 : objects);
  double total = 0;
  const double exact = std::min(n, kExactRanks);
  for (double i = 1; i <= exact; i += 1) {
    const double w = alpha == 0 ? 1.0 : DetPow(i, -alpha);
    pop.groups.push_back(PopularityGroup{1, w, object_size});
  }
  for (double a = exact + 1; a <= n;) {
    double b = std::floor(a * kBucketRatio);
    if (b < a + 1) b = a + 1;
    if (b > n + 1) b = n + 1;
    const double count = b - a;
    const double mass = alpha == 0 ? count : PowerIntegral(a - 0.5, b - 0.5, alpha);
    pop.groups.push_back(PopularityGroup{count, mass / count, object_size});
    a = b;
  }
  for (std::size_t i = pop.groups.size(); i-- > 0;) total += pop.groups[i].p * pop.groups[i].count;
  for (auto& g : pop.groups) g.p /= total;
  pop.objects = n;
  pop.total_size = n * object_size;
  return pop;
}

Popularity EmpiricalPopularity(const Trace& trace) {
  struct Object {
    std::uint64_t count = 0;
    std::uint32_t size = 1;
  };
  std::vector<Object> objects(trace.object_count);
  for (std::size_t i = 0; i < trace.size(); ++i) {
    Object& o = objects[trace.ids[i]];
    ++o.count;
    o.size = trace.HasSizes() ? trace.sizes[i] : 1u;
  }
  // Order by p/size (descending), then merge objects with the same count and size into one group.
  std::vector<std::uint32_t> order;
  order.reserve(objects.size());
  for (std::uint32_t i = 0; i < objects.size(); ++i) {
    if (objects[i].count > 0) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const Object& x = objects[a];
    const Object& y = objects[b];
    // count_x/size_x > count_y/size_y without division; 128-bit safe since count < 2^40, size < 2^32.
    const double lhs = static_cast<double>(x.count) * static_cast<double>(y.size);
    const double rhs = static_cast<double>(y.count) * static_cast<double>(x.size);
    if (lhs != rhs) return lhs > rhs;
    if (x.size != y.size) return x.size < y.size;
    return a < b;
  });
  Popularity pop;
  const double total = static_cast<double>(trace.size());
  for (std::uint32_t i : order) {
    const Object& o = objects[i];
    const double p = static_cast<double>(o.count) / total;
    const double size = static_cast<double>(o.size);
    if (!pop.groups.empty() && pop.groups.back().p == p && pop.groups.back().size == size) {
      pop.groups.back().count += 1;
    } else {
      pop.groups.push_back(PopularityGroup{1, p, size});
    }
    pop.objects += 1;
    pop.total_size += size;
  }
  return pop;
}

AnalyticPoint CheLru(const Popularity& pop, double capacity) {
  AnalyticPoint r;
  r.capacity = capacity;
  if (capacity >= pop.total_size) {
    r.holds_all = true;
    r.hit_ratio = 1;
    r.byte_hit_ratio = 1;
    r.formula = "C = " + Num(capacity) + " ≥ catalogue " + Num(pop.total_size) + ": every object fits, h = 1 (T unbounded)";
    return r;
  }
  if (capacity <= 0) {
    r.formula = "C = 0: h = 0";
    return r;
  }
  double first_slope = 0;
  for (const auto& g : pop.groups) first_slope += g.count * g.size * g.p;
  auto fill = [&](double t, double& value, double& slope) {
    value = 0;
    slope = 0;
    for (const auto& g : pop.groups) {
      const double e = DetExp(-g.p * t);
      value += g.count * g.size * (1.0 - e);
      slope += g.count * g.size * g.p * e;
    }
  };
  double t = 0;
  r.iterations = SolveConcave(fill, capacity, first_slope, t);
  r.characteristic_time = t;
  double h = 0, bytes = 0, byte_hits = 0;
  for (const auto& g : pop.groups) {
    const double in_cache = 1.0 - DetExp(-g.p * t);
    h += g.count * g.p * in_cache;
    bytes += g.count * g.p * g.size;
    byte_hits += g.count * g.p * g.size * in_cache;
  }
  r.hit_ratio = h;
  r.byte_hit_ratio = bytes > 0 ? byte_hits / bytes : 0;
  r.formula = "Che (LRU): T solves Σ_i s_i·(1 − e^(−p_i·T)) = C = " + Num(capacity) + " → T = " + Num(t, 6) +
              " requests; h = Σ_i p_i·(1 − e^(−p_i·T)) = " + Num(h);
  return r;
}

AnalyticPoint FifoRandomApprox(const Popularity& pop, double capacity) {
  AnalyticPoint r;
  r.capacity = capacity;
  if (capacity >= pop.total_size) {
    r.holds_all = true;
    r.hit_ratio = 1;
    r.byte_hit_ratio = 1;
    r.formula = "C = " + Num(capacity) + " ≥ catalogue " + Num(pop.total_size) + ": every object fits, h = 1 (T unbounded)";
    return r;
  }
  if (capacity <= 0) {
    r.formula = "C = 0: h = 0";
    return r;
  }
  double first_slope = 0;
  for (const auto& g : pop.groups) first_slope += g.count * g.size * g.p;
  auto fill = [&](double t, double& value, double& slope) {
    value = 0;
    slope = 0;
    for (const auto& g : pop.groups) {
      const double x = g.p * t;
      value += g.count * g.size * x / (1.0 + x);
      slope += g.count * g.size * g.p / ((1.0 + x) * (1.0 + x));
    }
  };
  double t = 0;
  r.iterations = SolveConcave(fill, capacity, first_slope, t);
  r.characteristic_time = t;
  double h = 0, bytes = 0, byte_hits = 0;
  for (const auto& g : pop.groups) {
    const double x = g.p * t;
    const double in_cache = x / (1.0 + x);
    h += g.count * g.p * in_cache;
    bytes += g.count * g.p * g.size;
    byte_hits += g.count * g.p * g.size * in_cache;
  }
  r.hit_ratio = h;
  r.byte_hit_ratio = bytes > 0 ? byte_hits / bytes : 0;
  r.formula = "FIFO/RANDOM: T solves Σ_i s_i·p_i·T/(1 + p_i·T) = C = " + Num(capacity) + " → T = " + Num(t, 6) +
              " requests; h = Σ_i p_i·p_i·T/(1 + p_i·T) = " + Num(h);
  return r;
}

AnalyticPoint TopCStatic(const Popularity& pop, double capacity) {
  AnalyticPoint r;
  r.capacity = capacity;
  double left = capacity < 0 ? 0 : capacity;
  double h = 0, bytes = 0, byte_hits = 0, objects = 0;
  for (const auto& g : pop.groups) {
    bytes += g.count * g.p * g.size;
    if (left <= 0) continue;
    const double take = std::min(g.count, left / g.size);
    h += take * g.p;
    byte_hits += take * g.p * g.size;
    objects += take;
    left -= take * g.size;
  }
  r.holds_all = capacity >= pop.total_size;
  r.hit_ratio = std::min(1.0, h);
  r.byte_hit_ratio = bytes > 0 ? std::min(1.0, byte_hits / bytes) : 0;
  r.formula = "top-C static: the " + Num(objects) + " most popular objects that fit in C = " + Num(capacity) +
              " → h = Σ_{i ≤ C} p_i = " + Num(r.hit_ratio);
  return r;
}

std::vector<HitRatioCurve> AnalyticCurves(const Popularity& pop, std::span<const std::uint64_t> sizes) {
  std::vector<HitRatioCurve> out(3);
  out[0].name = "che_lru";
  out[1].name = "fifo_approx";
  out[2].name = "top_c";
  for (auto& c : out) c.method = "analytic";
  for (std::uint64_t s : sizes) {
    const double c = static_cast<double>(s);
    out[0].points.push_back(CurvePoint{s, CheLru(pop, c).hit_ratio});
    out[1].points.push_back(CurvePoint{s, FifoRandomApprox(pop, c).hit_ratio});
    out[2].points.push_back(CurvePoint{s, TopCStatic(pop, c).hit_ratio});
  }
  return out;
}

}  // namespace sdlab::cache
