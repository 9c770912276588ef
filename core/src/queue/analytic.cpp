// Analytic queues: Erlang B/C, M/M/c, M/M/c/K, M/G/1 (Pollaczek–Khinchine), M/G/c (Allen–Cunneen),
// Little's law. See sdlab/queue.h for the models and their assumptions.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "queue/sample_stats.h"
#include "sdlab/queue.h"
#include "sdlab/random.h"

namespace sdlab::queue {

using sample_stats::Fmt;

namespace {

constexpr int kMaxServers = 1'000'000;
constexpr int kMaxCapacity = 2'000'000;

bool Finite(double v) { return std::isfinite(v); }

Unexpected<InputError> Fail(std::string field, std::string message) {
  return Unexpected<InputError>{InputError{std::move(field), std::move(message)}};
}

// Quantile of the M/M/c wait: P(Wq > t) = C e^{-θ t}, θ = cμ − λ.
double WaitQuantile(double c_prob, double theta, double p) {
  if (p <= 1 - c_prob) return 0;
  return DetLog(c_prob / (1 - p)) / theta;
}

double ResponseTailGivenC(double cp, double lambda, double mu, int c, double t);

double ResponseQuantile(double cp, double lambda, double mu, int c, double p) {
  // Bisection on the monotone tail P(T > t) = 1 − p.
  const double target = 1 - p;
  double lo = 0;
  double hi = 1.0 / mu;
  int guard = 0;
  while (ResponseTailGivenC(cp, lambda, mu, c, hi) > target && guard++ < 200) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (ResponseTailGivenC(cp, lambda, mu, c, mid) > target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

void AddFormula(QueueMetrics& m, std::string key, std::string text) {
  m.formulas.push_back(Formula{std::move(key), std::move(text)});
}

void FillUnstable(QueueMetrics& m, double lambda, double mu, int c) {
  m.stable = false;
  m.p_wait = 1;
  m.throughput = c * mu;
  m.backlog_growth_per_s = lambda - c * mu;
  AddFormula(m, "utilization",
             "ρ = λ/(cμ) = " + Fmt(lambda) + "/(" + std::to_string(c) + "×" + Fmt(mu) + ") = " + Fmt(m.utilization) +
                 " ≥ 1: unstable");
  AddFormula(m, "backlog_growth_per_s",
             "backlog growth = λ − cμ = " + Fmt(lambda) + " − " + Fmt(c * mu) + " = " + Fmt(m.backlog_growth_per_s) +
                 " requests/s");
  m.notes.push_back("unstable: arrivals exceed capacity, so the queue grows without bound (" +
                    Fmt(m.backlog_growth_per_s * 60) + " more requests waiting each minute); waits are unbounded");
}

}  // namespace

std::string InputError::Message() const { return field.empty() ? message : field + ": " + message; }

double ErlangB(int c, double a) {
  // The recursion B(k) = a·B(k−1)/(k + a·B(k−1)) on the reciprocal: 1/B(k) = 1 + (k/a)·(1/B(k−1)).
  // All terms positive (no cancellation), and a multiply-add per step instead of a division.
  if (c <= 0) return 1.0;
  if (a <= 0) return 0.0;
  const double inv_a = 1.0 / a;
  double r = 1.0;
  for (int k = 1; k <= c; ++k) r = 1.0 + static_cast<double>(k) * inv_a * r;
  return 1.0 / r;  // r = inf (B below the smallest double) gives 0
}

double ErlangC(int c, double a) {
  if (a <= 0) return 0;
  if (a >= static_cast<double>(c)) return 1;
  const double b = ErlangB(c, a);
  const double rho = a / static_cast<double>(c);
  return b / (1 - rho * (1 - b));
}

namespace {
// P(T > t) for M/M/c given C(c, a) already computed.
double ResponseTailGivenC(double cp, double lambda, double mu, int c, double t) {
  const double theta = c * mu - lambda;
  const double e_mu = DetExp(-mu * t);
  double both = 0;  // P(E_θ + E_μ > t)
  if (std::fabs(theta - mu) < 1e-9 * mu) {
    both = (1 + mu * t) * e_mu;
  } else {
    both = (theta * e_mu - mu * DetExp(-theta * t)) / (theta - mu);
  }
  return (1 - cp) * e_mu + cp * both;
}
}  // namespace

double MmcResponseTail(double lambda, double mu, int c, double t) {
  return ResponseTailGivenC(ErlangC(c, lambda / mu), lambda, mu, c, t);
}

QueueMetrics AnalyzeMmc(double lambda, double mu, int c) {
  QueueMetrics m;
  m.model = c == 1 ? "M/M/1" : "M/M/c";
  const double a = lambda / mu;
  const double cd = static_cast<double>(c);
  m.offered_load = a;
  m.utilization = a / cd;
  AddFormula(m, "offered_load", "a = λ/μ = " + Fmt(lambda) + "/" + Fmt(mu) + " = " + Fmt(a) + " Erlangs");
  if (m.utilization >= 1) {
    FillUnstable(m, lambda, mu, c);
    return m;
  }
  m.throughput = lambda;
  AddFormula(m, "utilization",
             "ρ = λ/(cμ) = " + Fmt(lambda) + "/(" + std::to_string(c) + "×" + Fmt(mu) + ") = " + Fmt(m.utilization));
  const double cp = ErlangC(c, a);
  m.p_wait = cp;
  if (c == 1) {
    AddFormula(m, "p_wait", "p_wait = ρ = " + Fmt(cp));
  } else {
    const double b = ErlangB(c, a);
    AddFormula(m, "p_wait",
               "p_wait = C(c, a) = B/(1 − ρ(1 − B)), B = ErlangB(" + std::to_string(c) + ", " + Fmt(a) +
                   ") = " + Fmt(b) + " → " + Fmt(cp));
  }
  const double theta = cd * mu - lambda;
  const double wq = cp / theta;
  const double w = wq + 1 / mu;
  m.mean_wait_s = wq;
  m.mean_response_s = w;
  m.mean_queue_length = lambda * wq;
  m.mean_in_system = lambda * w;
  AddFormula(m, "mean_wait", "W_q = C/(cμ − λ) = " + Fmt(cp) + "/(" + Fmt(cd * mu) + " − " + Fmt(lambda) +
                                 ") = " + Fmt(wq) + " s");
  AddFormula(m, "mean_response", "W = W_q + 1/μ = " + Fmt(wq) + " + " + Fmt(1 / mu) + " = " + Fmt(w) + " s");
  AddFormula(m, "mean_queue_length",
             "L_q = λ·W_q = " + Fmt(lambda) + " × " + Fmt(wq) + " = " + Fmt(lambda * wq) + " (Little)");
  AddFormula(m, "mean_in_system", "L = λ·W = " + Fmt(lambda) + " × " + Fmt(w) + " = " + Fmt(lambda * w) + " (Little)");
  m.wait_p50_s = WaitQuantile(cp, theta, 0.50);
  m.wait_p95_s = WaitQuantile(cp, theta, 0.95);
  m.wait_p99_s = WaitQuantile(cp, theta, 0.99);
  AddFormula(m, "wait_p99",
             "P(W_q > t) = C·e^{−(cμ−λ)t} → t99 = ln(C/0.01)/(cμ − λ) = " + Fmt(*m.wait_p99_s) + " s (0 if C ≤ 0.01)");
  m.response_p50_s = ResponseQuantile(cp, lambda, mu, c, 0.50);
  m.response_p95_s = ResponseQuantile(cp, lambda, mu, c, 0.95);
  m.response_p99_s = ResponseQuantile(cp, lambda, mu, c, 0.99);
  if (c == 1) {
    AddFormula(m, "response_p99", "T ~ Exp(μ − λ) → t99 = ln(100)/(μ − λ) = " + Fmt(*m.response_p99_s) + " s");
  } else {
    AddFormula(m, "response_p99",
               "P(T > t) = (1−C)e^{−μt} + C·P(Exp(cμ−λ) + Exp(μ) > t) = 0.01 → t99 = " + Fmt(*m.response_p99_s) + " s");
  }
  return m;
}

QueueMetrics AnalyzeMmcK(double lambda, double mu, int c, int k) {
  QueueMetrics m;
  m.model = k == c ? "M/M/c/c" : "M/M/c/K";
  const double a = lambda / mu;
  const double cd = static_cast<double>(c);
  m.offered_load = a;
  AddFormula(m, "offered_load", "a = λ/μ = " + Fmt(lambda) + "/" + Fmt(mu) + " = " + Fmt(a) + " Erlangs");
  // π_n ∝ a^n/n! (n ≤ c), a^c/c! · (a/c)^{n−c} (n > c). Built by ratios, rescaled to avoid overflow.
  std::vector<double> t;
  t.reserve(static_cast<std::size_t>(k) + 1);
  t.push_back(1.0);
  for (int n = 1; n <= k; ++n) {
    const double next = t.back() * a / static_cast<double>(std::min(n, c));
    t.push_back(next);
    if (next > 1e250) {
      for (double& v : t) v *= 1e-250;
    }
  }
  double sum = 0;
  for (double v : t) sum += v;
  double l = 0, lq = 0, waiting_states = 0;
  for (int n = 0; n <= k; ++n) {
    const double p = t[static_cast<std::size_t>(n)] / sum;
    l += n * p;
    if (n > c) lq += (n - c) * p;
    if (n >= c && n < k) waiting_states += p;
  }
  const double p_block = t[static_cast<std::size_t>(k)] / sum;
  const double lambda_eff = lambda * (1 - p_block);
  m.p_block = p_block;
  m.throughput = lambda_eff;
  m.utilization = lambda_eff / (cd * mu);
  m.p_wait = p_block < 1 ? waiting_states / (1 - p_block) : 1;
  AddFormula(m, "p_block", "p_block = π_K = (a^c/c!)(a/c)^{K−c} / Σπ, K = " + std::to_string(k) + ", c = " +
                               std::to_string(c) + " → " + Fmt(p_block));
  AddFormula(m, "utilization", "ρ = λ(1 − p_block)/(cμ) = " + Fmt(lambda) + "×" + Fmt(1 - p_block) + "/(" +
                                   std::to_string(c) + "×" + Fmt(mu) + ") = " + Fmt(m.utilization));
  AddFormula(m, "p_wait", "p_wait = Σ_{n=c}^{K−1} π_n/(1 − π_K) = " + Fmt(m.p_wait));
  if (lambda_eff > 0) {
    const double w = l / lambda_eff;
    const double wq = lq / lambda_eff;
    m.mean_in_system = l;
    m.mean_queue_length = lq;
    m.mean_response_s = w;
    m.mean_wait_s = wq;
    AddFormula(m, "mean_in_system", "L = Σ n·π_n = " + Fmt(l));
    AddFormula(m, "mean_queue_length", "L_q = Σ (n − c)·π_n = " + Fmt(lq));
    AddFormula(m, "mean_response", "W = L/λ_eff = " + Fmt(l) + "/" + Fmt(lambda_eff) + " = " + Fmt(w) + " s (Little)");
    AddFormula(m, "mean_wait", "W_q = L_q/λ_eff = " + Fmt(lq) + "/" + Fmt(lambda_eff) + " = " + Fmt(wq) + " s");
  } else {
    m.mean_in_system = 0;
    m.mean_queue_length = 0;
    m.mean_response_s = 1 / mu;
    m.mean_wait_s = 0;
  }
  if (a >= cd) m.notes.push_back("offered load ≥ capacity: the finite buffer keeps it stable by turning arrivals away");
  return m;
}

QueueMetrics AnalyzeMgc(double lambda, double mu, int c, double cv) {
  QueueMetrics m;
  m.model = c == 1 ? "M/G/1" : "M/G/c";
  m.exact = c == 1;
  const double a = lambda / mu;
  const double cd = static_cast<double>(c);
  m.offered_load = a;
  m.utilization = a / cd;
  AddFormula(m, "offered_load", "a = λ/μ = " + Fmt(lambda) + "/" + Fmt(mu) + " = " + Fmt(a) + " Erlangs");
  if (m.utilization >= 1) {
    FillUnstable(m, lambda, mu, c);
    return m;
  }
  m.throughput = lambda;
  AddFormula(m, "utilization",
             "ρ = λ/(cμ) = " + Fmt(lambda) + "/(" + std::to_string(c) + "×" + Fmt(mu) + ") = " + Fmt(m.utilization));
  const double factor = (1 + cv * cv) / 2;
  double wq = 0;
  if (c == 1) {
    const double rho = m.utilization;
    m.p_wait = rho;
    wq = rho * factor / (mu * (1 - rho));
    AddFormula(m, "p_wait", "p_wait = ρ = " + Fmt(rho) + " (PASTA)");
    AddFormula(m, "mean_wait", "W_q = ρ(1 + cv²)/(2μ(1 − ρ)) = " + Fmt(rho) + "×(1 + " + Fmt(cv * cv) + ")/(2×" +
                                   Fmt(mu) + "×" + Fmt(1 - rho) + ") = " + Fmt(wq) + " s (Pollaczek–Khinchine)");
  } else {
    const double cp = ErlangC(c, a);
    m.p_wait = cp;
    wq = cp / (cd * mu - lambda) * factor;
    AddFormula(m, "p_wait", "p_wait ≈ C(c, a) = " + Fmt(cp) + " (exact for exponential service)");
    AddFormula(m, "mean_wait", "W_q ≈ C(c, a)/(cμ − λ) · (1 + cv²)/2 = " + Fmt(cp) + "/" + Fmt(cd * mu - lambda) +
                                   " × " + Fmt(factor) + " = " + Fmt(wq) + " s (Allen–Cunneen)");
    m.notes.push_back("M/G/c uses the Allen–Cunneen approximation (exact when cv = 1)");
  }
  const double w = wq + 1 / mu;
  m.mean_wait_s = wq;
  m.mean_response_s = w;
  m.mean_queue_length = lambda * wq;
  m.mean_in_system = lambda * w;
  AddFormula(m, "mean_response", "W = W_q + 1/μ = " + Fmt(wq) + " + " + Fmt(1 / mu) + " = " + Fmt(w) + " s");
  AddFormula(m, "mean_queue_length",
             "L_q = λ·W_q = " + Fmt(lambda) + " × " + Fmt(wq) + " = " + Fmt(lambda * wq) + " (Little)");
  AddFormula(m, "mean_in_system", "L = λ·W = " + Fmt(lambda) + " × " + Fmt(w) + " = " + Fmt(lambda * w) + " (Little)");
  m.notes.push_back("percentiles need the whole service distribution; run --simulate for them");
  return m;
}

Expected<QueueMetrics, InputError> AnalyzeQueue(const QueueDef& def) {
  if (!Finite(def.arrival_rate) || def.arrival_rate < 0) return Fail("arrival_rate", "must be a finite rate ≥ 0");
  if (!Finite(def.service_rate) || def.service_rate <= 0) return Fail("service_rate", "must be a finite rate > 0");
  if (def.servers < 1 || def.servers > kMaxServers) return Fail("servers", "must be between 1 and 1000000");
  if (!Finite(def.service_cv) || def.service_cv < 0 || def.service_cv > 100)
    return Fail("service_cv", "must be between 0 and 100");
  if (def.capacity) {
    if (*def.capacity < def.servers) return Fail("capacity", "must be at least the number of servers");
    if (*def.capacity > kMaxCapacity) return Fail("capacity", "must be at most 2000000");
    QueueMetrics m = AnalyzeMmcK(def.arrival_rate, def.service_rate, def.servers, *def.capacity);
    if (def.service_cv != 1.0) m.notes.push_back("M/M/c/K assumes exponential service: service_cv is ignored");
    return m;
  }
  if (def.service_cv == 1.0) return AnalyzeMmc(def.arrival_rate, def.service_rate, def.servers);
  return AnalyzeMgc(def.arrival_rate, def.service_rate, def.servers, def.service_cv);
}

Expected<LittlesLaw, InputError> SolveLittlesLaw(std::optional<double> l, std::optional<double> lambda,
                                                 std::optional<double> w) {
  const int given = (l ? 1 : 0) + (lambda ? 1 : 0) + (w ? 1 : 0);
  if (given != 2) return Fail("little", "give exactly two of L, λ and W");
  for (auto v : {l, lambda, w}) {
    if (v && (!Finite(*v) || *v < 0)) return Fail("little", "values must be finite and ≥ 0");
  }
  LittlesLaw out;
  if (!l) {
    out.arrival_rate = *lambda;
    out.time_in_system_s = *w;
    out.in_system = *lambda * *w;
    out.formula = "L = λ·W = " + Fmt(*lambda) + " × " + Fmt(*w) + " = " + Fmt(out.in_system);
  } else if (!lambda) {
    if (*w <= 0) return Fail("little", "W must be > 0 to solve for λ");
    out.in_system = *l;
    out.time_in_system_s = *w;
    out.arrival_rate = *l / *w;
    out.formula = "λ = L/W = " + Fmt(*l) + "/" + Fmt(*w) + " = " + Fmt(out.arrival_rate) + "/s";
  } else {
    if (*lambda <= 0) return Fail("little", "λ must be > 0 to solve for W");
    out.in_system = *l;
    out.arrival_rate = *lambda;
    out.time_in_system_s = *l / *lambda;
    out.formula = "W = L/λ = " + Fmt(*l) + "/" + Fmt(*lambda) + " = " + Fmt(out.time_in_system_s) + " s";
  }
  return out;
}

std::vector<ErlangCPoint> ErlangCCurve(int servers, double service_rate, int points, double max_utilization) {
  std::vector<ErlangCPoint> out;
  if (servers < 1 || service_rate <= 0 || points < 1) return out;
  max_utilization = std::clamp(max_utilization, 0.0, 0.9999);
  const double cd = static_cast<double>(servers);
  for (int i = 0; i <= points; ++i) {
    const double rho = max_utilization * static_cast<double>(i) / static_cast<double>(points);
    const double lambda = rho * cd * service_rate;
    const double cp = ErlangC(servers, lambda / service_rate);
    ErlangCPoint p;
    p.utilization = rho;
    p.p_wait = cp;
    p.mean_wait_s = cp / (cd * service_rate - lambda);
    p.mean_response_s = p.mean_wait_s + 1 / service_rate;
    out.push_back(p);
  }
  return out;
}

int MinServersForWait(double lambda, double mu, double max_wait) {
  if (lambda <= 0) return 1;
  if (mu <= 0) return 0;
  const double a = lambda / mu;
  int c = static_cast<int>(std::floor(a)) + 1;
  if (c < 1) c = 1;
  // Mean wait falls monotonically in c; Erlang B's recursion lets us step c by one cheaply.
  double b = ErlangB(c, a);
  for (; c <= kMaxServers; ++c) {
    const double rho = a / c;
    const double cp = b / (1 - rho * (1 - b));
    const double wq = cp / (c * mu - lambda);
    if (wq <= max_wait) return c;
    b = a * b / (static_cast<double>(c + 1) + a * b);
  }
  return 0;
}

std::string_view ArrivalPatternName(ArrivalPattern p) {
  switch (p) {
    case ArrivalPattern::Steady: return "steady";
    case ArrivalPattern::Bursty: return "bursty";
    case ArrivalPattern::Spiky: return "spiky";
  }
  return "steady";
}

std::string_view BrokerModeName(BrokerMode m) { return m == BrokerMode::Log ? "log" : "queue"; }

std::string_view ProducerAcksName(ProducerAcks a) {
  switch (a) {
    case ProducerAcks::None: return "none";
    case ProducerAcks::Leader: return "leader";
    case ProducerAcks::All: return "all";
  }
  return "leader";
}

std::string_view ExactlyOnceMethodName(ExactlyOnceMethod m) {
  return m == ExactlyOnceMethod::IdempotentConsumer ? "idempotent_consumer" : "transactional";
}

namespace {
std::string Normalize(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '-' || ch == ' ') ch = '_';
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    out.push_back(ch);
  }
  return out;
}
}  // namespace

std::optional<ArrivalPattern> ParseArrivalPattern(std::string_view s) {
  const std::string n = Normalize(s);
  if (n == "steady" || n == "poisson") return ArrivalPattern::Steady;
  if (n == "bursty" || n == "on_off" || n == "onoff") return ArrivalPattern::Bursty;
  if (n == "spiky" || n == "spike" || n == "spikes") return ArrivalPattern::Spiky;
  return std::nullopt;
}

std::optional<BrokerMode> ParseBrokerMode(std::string_view s) {
  const std::string n = Normalize(s);
  if (n == "log" || n == "kafka" || n == "stream") return BrokerMode::Log;
  if (n == "queue" || n == "rabbitmq" || n == "rabbit" || n == "sqs") return BrokerMode::Queue;
  return std::nullopt;
}

std::optional<ProducerAcks> ParseProducerAcks(std::string_view s) {
  const std::string n = Normalize(s);
  if (n == "none" || n == "0") return ProducerAcks::None;
  if (n == "leader" || n == "1") return ProducerAcks::Leader;
  if (n == "all" || n == "_1" || n == "quorum") return ProducerAcks::All;
  return std::nullopt;
}

std::optional<Delivery> ParseDelivery(std::string_view s) {
  const std::string n = Normalize(s);
  if (n == "at_most_once" || n == "amo") return Delivery::AtMostOnce;
  if (n == "at_least_once" || n == "alo") return Delivery::AtLeastOnce;
  if (n == "exactly_once" || n == "eo" || n == "effectively_once") return Delivery::ExactlyOnce;
  return std::nullopt;
}

std::optional<ExactlyOnceMethod> ParseExactlyOnceMethod(std::string_view s) {
  const std::string n = Normalize(s);
  if (n == "idempotent_consumer" || n == "idempotent" || n == "dedup") return ExactlyOnceMethod::IdempotentConsumer;
  if (n == "transactional" || n == "transactions" || n == "transaction") return ExactlyOnceMethod::Transactional;
  return std::nullopt;
}

}  // namespace sdlab::queue
