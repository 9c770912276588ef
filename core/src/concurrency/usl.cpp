// The Universal Scalability Law: evaluation, CSV points, and the least-squares fit (linearised
// start, Levenberg–Marquardt refinement). See sdlab/concurrency.h.
#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "queue/sample_stats.h"
#include "sdlab/concurrency.h"
#include "sdlab/units.h"

namespace sdlab::concurrency {

using sample_stats::Fmt;
using sample_stats::JsonNumber;

namespace {

constexpr std::size_t kMaxPoints = 100000;

Unexpected<InputError> Fail(std::string field, std::string message) {
  return Unexpected<InputError>{InputError{std::move(field), std::move(message)}};
}

nlohmann::json Opt(const std::optional<double>& v) { return v ? JsonNumber(*v) : nlohmann::json(nullptr); }

nlohmann::json FormulasJson(const std::vector<Formula>& fs) {
  nlohmann::json f = nlohmann::json::object();
  for (const Formula& x : fs) f[x.key] = x.text;
  return f;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    std::size_t j = i;
    while (j < line.size() && line[j] != ',' && line[j] != ';' && line[j] != '\t' && line[j] != ' ') ++j;
    out.push_back(line.substr(i, j - i));
    // Skip white space and at most one separator.
    while (j < line.size() && (line[j] == ' ' || line[j] == '\t')) ++j;
    if (j < line.size() && (line[j] == ',' || line[j] == ';')) ++j;
    i = j;
  }
  return out;
}

/// Solves the 3×3 system A x = b by Gaussian elimination with partial pivoting. False if singular.
bool Solve3(std::array<std::array<double, 3>, 3> a, std::array<double, 3> b, std::array<double, 3>& x) {
  for (int col = 0; col < 3; ++col) {
    int piv = col;
    for (int r = col + 1; r < 3; ++r)
      if (std::fabs(a[r][col]) > std::fabs(a[piv][col])) piv = r;
    if (!(std::fabs(a[piv][col]) > 1e-300)) return false;
    std::swap(a[piv], a[col]);
    std::swap(b[piv], b[col]);
    for (int r = col + 1; r < 3; ++r) {
      const double f = a[r][col] / a[col][col];
      for (int c = col; c < 3; ++c) a[r][c] -= f * a[col][c];
      b[r] -= f * b[col];
    }
  }
  for (int r = 2; r >= 0; --r) {
    double s = b[r];
    for (int c = r + 1; c < 3; ++c) s -= a[r][c] * x[c];
    x[r] = s / a[r][r];
  }
  return std::isfinite(x[0]) && std::isfinite(x[1]) && std::isfinite(x[2]);
}

double SumSquares(const std::vector<UslPoint>& pts, const UslParams& p) {
  double s = 0;
  for (const UslPoint& q : pts) {
    const double r = q.throughput - UslThroughput(p, q.concurrency);
    s += r * r;
  }
  return s;
}

}  // namespace

double UslThroughput(const UslParams& p, double n) {
  return p.lambda * n / (1 + p.alpha * (n - 1) + p.beta * n * (n - 1));
}

std::optional<double> UslPeakConcurrency(const UslParams& p) {
  if (!(p.beta > 0) || p.alpha >= 1) return std::nullopt;
  return std::sqrt((1 - p.alpha) / p.beta);
}

Expected<std::vector<UslPoint>, InputError> ParseUslCsv(std::string_view text) {
  std::vector<UslPoint> out;
  std::size_t line_no = 0;
  bool first_data = true;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    const std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = "line " + std::to_string(line_no);
    const auto fields = Fields(line);
    const bool was_first = first_data;
    first_data = false;
    if (fields.size() != 2) {
      if (was_first && fields.size() >= 2 && !units::ParseCount(fields[0])) continue;  // a header
      return Fail(where, "expected two values (concurrency, throughput), got " + std::to_string(fields.size()));
    }
    auto n = units::ParseCount(fields[0]);
    auto x = units::ParseCount(fields[1]);
    if (!n || !x) {
      if (was_first) continue;  // a header line such as "concurrency,throughput"
      return Fail(where, !n ? "concurrency " + n.error().Message() : "throughput " + x.error().Message());
    }
    if (!(*n > 0) || *n > 1e9) return Fail(where, "concurrency must be above 0 and at most 1e9");
    if (!(*x > 0)) return Fail(where, "throughput must be above 0");
    if (out.size() >= kMaxPoints) return Fail(where, "more than 100000 points");
    out.push_back({*n, *x});
  }
  if (out.empty()) return Fail("csv", "no data points (expected lines 'concurrency,throughput')");
  return out;
}

Expected<UslFit, InputError> FitUsl(const std::vector<UslPoint>& points) {
  if (points.size() > kMaxPoints) return Fail("points", "more than 100000 points");
  std::set<double> distinct;
  for (const UslPoint& p : points) {
    if (!std::isfinite(p.concurrency) || !(p.concurrency > 0) || p.concurrency > 1e9)
      return Fail("points", "every concurrency must be above 0 and at most 1e9");
    if (!std::isfinite(p.throughput) || !(p.throughput > 0) || p.throughput > 1e15)
      return Fail("points", "every throughput must be above 0 and at most 1e15");
    distinct.insert(p.concurrency);
  }
  if (distinct.size() < 3) return Fail("points", "need at least 3 distinct concurrency levels to fit λ, α and β");

  UslFit fit;
  fit.points = points.size();
  fit.measured = points;
  // 1. Linearised: y = N/X = a + b(N − 1) + c·N(N − 1); a = 1/λ, b = α/λ, c = β/λ. Columns are
  //    scaled by their largest value for conditioning.
  double scale[3] = {1, 0, 0};
  for (const UslPoint& p : points) {
    scale[1] = std::max(scale[1], p.concurrency - 1);
    scale[2] = std::max(scale[2], p.concurrency * (p.concurrency - 1));
  }
  for (double& s : scale)
    if (!(s > 0)) s = 1;
  std::array<std::array<double, 3>, 3> ata{};
  std::array<double, 3> aty{};
  for (const UslPoint& p : points) {
    const double n = p.concurrency;
    const double row[3] = {1 / scale[0], (n - 1) / scale[1], n * (n - 1) / scale[2]};
    const double y = n / p.throughput;
    for (int i = 0; i < 3; ++i) {
      for (int k = 0; k < 3; ++k) ata[i][k] += row[i] * row[k];
      aty[i] += row[i] * y;
    }
  }
  std::array<double, 3> coef{};
  UslParams p;
  if (Solve3(ata, aty, coef) && coef[0] / scale[0] > 0) {
    const double a = coef[0] / scale[0];
    p.lambda = 1 / a;
    p.alpha = std::max(0.0, coef[1] / scale[1] / a);
    p.beta = std::max(0.0, coef[2] / scale[2] / a);
  } else {
    // Start from the smallest concurrency: λ ≈ X/N there, no contention.
    const UslPoint* lo = &points.front();
    for (const UslPoint& q : points)
      if (q.concurrency < lo->concurrency) lo = &q;
    p.lambda = lo->throughput / lo->concurrency;
    fit.notes.push_back("the linearised fit was degenerate; refined from λ = X/N at the lowest concurrency");
  }
  const UslParams linear = p;

  // 2. Levenberg–Marquardt on r_i = X_i − X(N_i), with α, β projected to ≥ 0.
  double ss = SumSquares(points, p);
  double mu = 1e-3;
  for (int it = 0; it < 200; ++it) {
    std::array<std::array<double, 3>, 3> jtj{};
    std::array<double, 3> jtr{};
    for (const UslPoint& q : points) {
      const double n = q.concurrency;
      const double d = 1 + p.alpha * (n - 1) + p.beta * n * (n - 1);
      const double f = p.lambda * n / d;
      const double g[3] = {n / d, -p.lambda * n * (n - 1) / (d * d), -p.lambda * n * n * (n - 1) / (d * d)};
      const double r = q.throughput - f;
      for (int i = 0; i < 3; ++i) {
        for (int k = 0; k < 3; ++k) jtj[i][k] += g[i] * g[k];
        jtr[i] += g[i] * r;
      }
    }
    bool improved = false;
    for (int tries = 0; tries < 30 && !improved; ++tries) {
      auto m = jtj;
      for (int i = 0; i < 3; ++i) m[i][i] += mu * (jtj[i][i] > 0 ? jtj[i][i] : 1e-12);
      std::array<double, 3> step{};
      if (!Solve3(m, jtr, step)) {
        mu *= 10;
        continue;
      }
      UslParams c{p.lambda + step[0], std::max(0.0, p.alpha + step[1]), std::max(0.0, p.beta + step[2])};
      if (!(c.lambda > 0)) {
        mu *= 10;
        continue;
      }
      const double css = SumSquares(points, c);
      if (std::isfinite(css) && css < ss) {
        const double gain = ss - css;
        p = c;
        ss = css;
        mu = std::max(mu / 10, 1e-12);
        improved = true;
        ++fit.iterations;
        if (gain <= 1e-15 * (ss + gain)) it = 1000;  // converged
      } else {
        mu *= 10;
      }
    }
    if (!improved) break;
  }
  fit.params = p;
  // Goodness of fit.
  double mean = 0;
  for (const UslPoint& q : points) mean += q.throughput;
  mean /= static_cast<double>(points.size());
  double tot = 0;
  for (const UslPoint& q : points) {
    tot += (q.throughput - mean) * (q.throughput - mean);
    fit.fitted.push_back(UslThroughput(p, q.concurrency));
  }
  fit.r_squared = tot > 0 ? 1 - ss / tot : (ss == 0 ? 1.0 : 0.0);
  fit.rmse = std::sqrt(ss / static_cast<double>(points.size()));
  fit.peak_concurrency = UslPeakConcurrency(p);
  if (fit.peak_concurrency) fit.peak_throughput = UslThroughput(p, *fit.peak_concurrency);
  fit.max_throughput_asymptote = fit.peak_throughput ? *fit.peak_throughput : (p.alpha > 0 ? p.lambda / p.alpha : 0);

  auto& F = fit.formulas;
  F.push_back({"model", "X(N) = λN ÷ (1 + α(N − 1) + βN(N − 1)), λ = " + Fmt(p.lambda, 6) + "/s, α = " +
                            Fmt(p.alpha, 6) + ", β = " + Fmt(p.beta, 6)});
  F.push_back({"linearised_start", "N ÷ X = (1 + α(N − 1) + βN(N − 1)) ÷ λ by least squares: λ = " +
                                       Fmt(linear.lambda, 6) + ", α = " + Fmt(linear.alpha, 6) + ", β = " +
                                       Fmt(linear.beta, 6) + "; then " + std::to_string(fit.iterations) +
                                       " Levenberg–Marquardt steps"});
  F.push_back({"r_squared", "R² = 1 − SS_res ÷ SS_tot = 1 − " + Fmt(ss) + " ÷ " + Fmt(tot) + " = " +
                                Fmt(fit.r_squared, 6)});
  if (fit.peak_concurrency) {
    F.push_back({"peak_concurrency", "N* = √((1 − α) ÷ β) = √((1 − " + Fmt(p.alpha) + ") ÷ " + Fmt(p.beta) + ") = " +
                                         Fmt(*fit.peak_concurrency)});
    F.push_back({"peak_throughput", "X(N*) = " + Fmt(p.lambda) + " × " + Fmt(*fit.peak_concurrency) + " ÷ (1 + " +
                                        Fmt(p.alpha) + " × " + Fmt(*fit.peak_concurrency - 1) + " + " + Fmt(p.beta) +
                                        " × " + Fmt(*fit.peak_concurrency) + " × " +
                                        Fmt(*fit.peak_concurrency - 1) + ") = " + Fmt(*fit.peak_throughput) + "/s"});
  } else if (p.alpha > 0) {
    F.push_back({"ceiling", "β = 0: X rises towards λ ÷ α = " + Fmt(p.lambda) + " ÷ " + Fmt(p.alpha) + " = " +
                                Fmt(p.lambda / p.alpha) + "/s (Amdahl-like, no retrograde region)"});
  }
  if (!fit.peak_concurrency)
    fit.notes.push_back("no coherency penalty fitted (β = 0): throughput never falls as concurrency grows");
  double max_n = 0;
  for (const UslPoint& q : points) max_n = std::max(max_n, q.concurrency);
  if (fit.peak_concurrency && *fit.peak_concurrency > 2 * max_n)
    fit.notes.push_back("N* lies far beyond the measured range: extrapolated, measure higher concurrency to confirm");
  if (fit.r_squared < 0.9) fit.notes.push_back("R² below 0.9: the USL explains the data poorly");
  return fit;
}

std::vector<UslPoint> UslCurve(const UslParams& p, double max_n, int points) {
  std::vector<UslPoint> out;
  points = std::clamp(points, 2, 10000);
  if (!(max_n > 1) || !std::isfinite(max_n)) max_n = 2;
  for (int i = 0; i < points; ++i) {
    const double n = 1 + (max_n - 1) * i / (points - 1);
    out.push_back({n, UslThroughput(p, n)});
  }
  return out;
}

Expected<UslEvaluation, InputError> EvaluateUsl(const UslParams& p, double n) {
  if (!std::isfinite(p.lambda) || !(p.lambda > 0) || p.lambda > 1e15) return Fail("lambda", "must be above 0");
  if (!std::isfinite(p.alpha) || p.alpha < 0 || p.alpha > 1000) return Fail("alpha", "must be between 0 and 1000");
  if (!std::isfinite(p.beta) || p.beta < 0 || p.beta > 1000) return Fail("beta", "must be between 0 and 1000");
  if (!std::isfinite(n) || n < 1 || n > 1e9) return Fail("concurrency", "must be between 1 and 1e9");
  UslEvaluation e;
  e.params = p;
  e.concurrency = n;
  e.throughput = UslThroughput(p, n);
  e.speedup = e.throughput / p.lambda;
  e.peak_concurrency = UslPeakConcurrency(p);
  if (e.peak_concurrency) e.peak_throughput = UslThroughput(p, *e.peak_concurrency);
  e.formulas.push_back({"throughput", "X(N) = λN ÷ (1 + α(N − 1) + βN(N − 1)) = " + Fmt(p.lambda) + " × " + Fmt(n) +
                                          " ÷ (1 + " + Fmt(p.alpha) + " × " + Fmt(n - 1) + " + " + Fmt(p.beta) +
                                          " × " + Fmt(n) + " × " + Fmt(n - 1) + ") = " + Fmt(e.throughput) + "/s"});
  if (e.peak_concurrency)
    e.formulas.push_back({"peak_concurrency", "N* = √((1 − α) ÷ β) = √((1 − " + Fmt(p.alpha) + ") ÷ " + Fmt(p.beta) +
                                                  ") = " + Fmt(*e.peak_concurrency)});
  return e;
}

nlohmann::json ToJson(const std::vector<UslPoint>& curve) {
  nlohmann::json a = nlohmann::json::array();
  for (const UslPoint& p : curve)
    a.push_back({{"concurrency", JsonNumber(p.concurrency)}, {"throughput", JsonNumber(p.throughput)}});
  return a;
}

nlohmann::json ToJson(const UslFit& f) {
  nlohmann::json j;
  j["lambda"] = JsonNumber(f.params.lambda);
  j["alpha"] = JsonNumber(f.params.alpha);
  j["beta"] = JsonNumber(f.params.beta);
  j["points"] = f.points;
  j["r_squared"] = JsonNumber(f.r_squared);
  j["rmse"] = JsonNumber(f.rmse);
  j["iterations"] = f.iterations;
  j["peak_concurrency"] = Opt(f.peak_concurrency);
  j["peak_throughput"] = Opt(f.peak_throughput);
  j["max_throughput"] = JsonNumber(f.max_throughput_asymptote);
  nlohmann::json pts = nlohmann::json::array();
  for (std::size_t i = 0; i < f.measured.size(); ++i)
    pts.push_back({{"concurrency", JsonNumber(f.measured[i].concurrency)},
                   {"throughput", JsonNumber(f.measured[i].throughput)},
                   {"fitted", JsonNumber(f.fitted[i])}});
  j["measured"] = pts;
  j["formulas"] = FormulasJson(f.formulas);
  j["notes"] = f.notes;
  return j;
}

nlohmann::json ToJson(const UslEvaluation& e) {
  return {{"lambda", JsonNumber(e.params.lambda)},
          {"alpha", JsonNumber(e.params.alpha)},
          {"beta", JsonNumber(e.params.beta)},
          {"concurrency", JsonNumber(e.concurrency)},
          {"throughput", JsonNumber(e.throughput)},
          {"speedup", JsonNumber(e.speedup)},
          {"peak_concurrency", Opt(e.peak_concurrency)},
          {"peak_throughput", Opt(e.peak_throughput)},
          {"formulas", FormulasJson(e.formulas)}};
}

}  // namespace sdlab::concurrency
