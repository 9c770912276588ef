// G/G/c FCFS queue simulation with an optional capacity K, for checking the analytic models and for
// non-exponential service. Arrivals are Poisson; service times come from ServiceSampler.
//
// FCFS with c identical servers needs no event list: each arrival, in order, starts on the server
// that frees first (start = max(arrival, earliest free time)). With a capacity, the number in the
// system at an arrival is the number of admitted requests whose departure is still ahead.
#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <vector>

#include "queue/sample_stats.h"
#include "sdlab/queue.h"
#include "sdlab/random.h"

namespace sdlab::queue {

namespace {
ConfidenceInterval ToCi(const sample_stats::Interval& i) { return ConfidenceInterval{i.mean, i.low, i.high}; }
ConfidenceInterval Scale(const ConfidenceInterval& c, double k) { return ConfidenceInterval{c.mean * k, c.low * k, c.high * k}; }
}  // namespace

Expected<QueueSimResult, InputError> SimulateQueue(const QueueSimDef& def) {
  const QueueDef& q = def.queue;
  if (!std::isfinite(q.arrival_rate) || q.arrival_rate <= 0)
    return Unexpected<InputError>{InputError{"arrival_rate", "must be a finite rate > 0 to simulate"}};
  if (!std::isfinite(q.service_rate) || q.service_rate <= 0)
    return Unexpected<InputError>{InputError{"service_rate", "must be a finite rate > 0"}};
  if (q.servers < 1 || q.servers > 100000)
    return Unexpected<InputError>{InputError{"servers", "must be between 1 and 100000 to simulate"}};
  if (q.capacity && (*q.capacity < q.servers || *q.capacity > 2'000'000))
    return Unexpected<InputError>{InputError{"capacity", "must be between the number of servers and 2000000"}};
  if (!std::isfinite(q.service_cv) || q.service_cv < 0 || q.service_cv > 100)
    return Unexpected<InputError>{InputError{"service_cv", "must be between 0 and 100"}};
  if (def.requests < 100 || def.requests > 10'000'000)
    return Unexpected<InputError>{InputError{"requests", "must be between 100 and 10000000"}};
  if (!(def.warmup_fraction >= 0 && def.warmup_fraction < 0.9))
    return Unexpected<InputError>{InputError{"warmup_fraction", "must be in [0, 0.9)"}};

  Rng arrivals = Rng(def.seed).Fork(1);
  Rng services = Rng(def.seed).Fork(2);
  const sample_stats::ServiceSampler sampler(1 / q.service_rate, q.service_cv);
  std::priority_queue<double, std::vector<double>, std::greater<>> free_at;  // server free times
  for (int i = 0; i < q.servers; ++i) free_at.push(0.0);
  std::priority_queue<double, std::vector<double>, std::greater<>> departures;  // admitted, in system

  const std::uint64_t warm = static_cast<std::uint64_t>(static_cast<double>(def.requests) * def.warmup_fraction);
  std::vector<double> waits, responses, waited, blocked;
  const std::size_t keep = static_cast<std::size_t>(def.requests - warm);
  waits.reserve(keep);
  responses.reserve(keep);
  waited.reserve(keep);
  blocked.reserve(keep);
  double t = 0;
  double busy = 0;
  double first_measured_t = 0;
  double last_departure = 0;
  std::uint64_t admitted_measured = 0;
  for (std::uint64_t i = 0; i < def.requests; ++i) {
    t += arrivals.Exponential(q.arrival_rate);
    const bool measure = i >= warm;
    if (i == warm) first_measured_t = t;
    if (q.capacity) {
      while (!departures.empty() && departures.top() <= t) departures.pop();
      if (departures.size() >= static_cast<std::size_t>(*q.capacity)) {
        if (measure) blocked.push_back(1.0);
        continue;
      }
    }
    const double s = sampler.Sample(services);
    const double free = free_at.top();
    free_at.pop();
    const double start = std::max(t, free);
    const double end = start + s;
    free_at.push(end);
    if (q.capacity) departures.push(end);
    last_departure = std::max(last_departure, end);
    if (measure) {
      busy += s;
      waits.push_back(start - t);
      responses.push_back(end - t);
      waited.push_back(start > t ? 1.0 : 0.0);
      blocked.push_back(0.0);
      ++admitted_measured;
    }
  }
  QueueSimResult r;
  r.requests = def.requests;
  r.measured = def.requests - warm;
  r.simulated_time_s = t;
  const double window = std::max(t - first_measured_t, 1e-300);
  r.utilization = std::min(1.0, busy / (static_cast<double>(q.servers) * std::max(last_departure - first_measured_t, window)));
  r.mean_wait_s = ToCi(sample_stats::BatchMeans(waits, def.batches));
  r.mean_response_s = ToCi(sample_stats::BatchMeans(responses, def.batches));
  r.p_wait = ToCi(sample_stats::BatchMeans(waited, def.batches));
  r.p_block = ToCi(sample_stats::BatchMeans(blocked, def.batches));
  const double lambda_admitted = static_cast<double>(admitted_measured) / window;
  r.mean_queue_length = Scale(r.mean_wait_s, lambda_admitted);
  r.mean_in_system = Scale(r.mean_response_s, lambda_admitted);
  std::sort(waits.begin(), waits.end());
  std::sort(responses.begin(), responses.end());
  r.wait_p50_s = sample_stats::Percentile(waits, 0.50);
  r.wait_p95_s = sample_stats::Percentile(waits, 0.95);
  r.wait_p99_s = sample_stats::Percentile(waits, 0.99);
  r.response_p50_s = sample_stats::Percentile(responses, 0.50);
  r.response_p95_s = sample_stats::Percentile(responses, 0.95);
  r.response_p99_s = sample_stats::Percentile(responses, 0.99);
  return r;
}

}  // namespace sdlab::queue
