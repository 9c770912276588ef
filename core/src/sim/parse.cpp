// Names and text forms of the simulator's inputs: profiles, arrival processes, service-time
// distributions and failure specifications (see sdlab/sim.h for the grammar).
#include <algorithm>
#include <cctype>
#include <string>

#include "sdlab/random.h"
#include "sdlab/sim.h"
#include "sdlab/units.h"
#include "sim/model.h"

namespace sdlab::sim {

std::string SimError::Message() const { return field.empty() ? message : field + ": " + message; }

std::string_view LoadProfileName(LoadProfile p) {
  switch (p) {
    case LoadProfile::Load: return "load";
    case LoadProfile::Stress: return "stress";
    case LoadProfile::Spike: return "spike";
    case LoadProfile::Endurance: return "endurance";
  }
  return "load";
}

std::optional<LoadProfile> ParseLoadProfile(std::string_view s) {
  for (LoadProfile p : {LoadProfile::Load, LoadProfile::Stress, LoadProfile::Spike, LoadProfile::Endurance})
    if (s == LoadProfileName(p)) return p;
  if (s == "steady") return LoadProfile::Load;
  if (s == "soak") return LoadProfile::Endurance;
  return std::nullopt;
}

std::string_view ArrivalProcessName(ArrivalProcess a) { return a == ArrivalProcess::Poisson ? "poisson" : "bursty"; }

std::optional<ArrivalProcess> ParseArrivalProcess(std::string_view s) {
  if (s == "poisson") return ArrivalProcess::Poisson;
  if (s == "bursty" || s == "mmpp") return ArrivalProcess::Bursty;
  return std::nullopt;
}

namespace {

std::string Trim(std::string_view s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return std::string(s.substr(a, b - a));
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool IsPlainNumber(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'))
      return false;
  return std::isdigit(static_cast<unsigned char>(s.front())) || s.front() == '.';
}

}  // namespace

/// A duration with a unit, or a plain number of seconds. Errors carry the unit parser's reason.
Expected<double, SimError> ParseSeconds(std::string_view field, std::string_view text) {
  const std::string t = Trim(text);
  if (IsPlainNumber(t)) {
    auto c = units::ParseCount(t);
    if (!c) return Unexpected{SimError{std::string(field), c.error().Message()}};
    return *c;
  }
  auto d = units::ParseDuration(t);
  if (!d) return Unexpected{SimError{std::string(field), d.error().Message()}};
  return *d;
}

Expected<ServiceTimeDef, SimError> ParseServiceTime(std::string_view text) {
  const std::string t = Lower(Trim(text));
  ServiceTimeDef def;
  auto bad = [&](const std::string& why) {
    // Built by appending: GCC 12 at -O3 warns (-Wrestrict, a false positive) on a chain of `+`.
    std::string m = "'";
    m.append(text);
    m += "': ";
    m += why;
    m += " (use exponential, constant, lognormal[:cv=X] or p50=10ms,p99=80ms)";
    return Unexpected{SimError{"service", std::move(m)}};
  };
  if (t == "exponential" || t == "exp" || t == "m") return def;
  if (t == "constant" || t == "const" || t == "deterministic" || t == "d") {
    def.shape = ServiceShape::Constant;
    return def;
  }
  if (t.rfind("lognormal", 0) == 0) {
    def.shape = ServiceShape::Lognormal;
    def.cv = 1.0;
    std::string rest = t.substr(9);
    if (rest.empty()) return def;
    if (rest.rfind(":cv=", 0) != 0) return bad("expected lognormal:cv=X");
    const std::string v = rest.substr(4);
    if (!IsPlainNumber(v)) return bad("cv must be a number");
    auto c = units::ParseCount(v);
    if (!c || !(*c > 0) || *c > 100) return bad("cv must be above 0 and at most 100");
    def.cv = *c;
    return def;
  }
  if (!t.empty() && t[0] == 'p') {
    def.shape = ServiceShape::Percentiles;
    std::size_t pos = 0;
    while (pos <= t.size()) {
      std::size_t comma = t.find(',', pos);
      if (comma == std::string::npos) comma = t.size();
      const std::string item = Trim(std::string_view(t).substr(pos, comma - pos));
      pos = comma + 1;
      if (item.empty()) continue;
      const std::size_t eq = item.find('=');
      if (item[0] != 'p' || eq == std::string::npos) return bad("expected pNN=DURATION");
      std::string q = item.substr(1, eq - 1);
      if (!IsPlainNumber(q)) return bad("bad percentile '" + item.substr(0, eq) + "'");
      // "p999" is read as 99.9, "p9999" as 99.99.
      if (q.find('.') == std::string::npos && q.size() >= 3 && q.rfind("99", 0) == 0) q = "99." + q.substr(2);
      auto qv = units::ParseCount(q);
      if (!qv || !(*qv > 0) || !(*qv < 100)) return bad("percentile must be between 0 and 100");
      auto x = ParseSeconds("service", item.substr(eq + 1));
      if (!x) return bad(x.error().message);
      if (!(*x > 0)) return bad("percentile values must be above 0");
      def.percentiles.emplace_back(*qv / 100.0, *x);
    }
    if (def.percentiles.empty()) return bad("no percentiles given");
    std::sort(def.percentiles.begin(), def.percentiles.end());
    for (std::size_t i = 1; i < def.percentiles.size(); ++i)
      if (!(def.percentiles[i].first > def.percentiles[i - 1].first) ||
          !(def.percentiles[i].second > def.percentiles[i - 1].second))
        return bad("percentiles must increase with their values");
    return def;
  }
  return bad("unknown distribution");
}

double PercentileTailScale(const std::vector<std::pair<double, double>>& pts) {
  // Exponential tail through the last two knots (the first knot pairs with (0, 0)).
  const double qk = pts.back().first, xk = pts.back().second;
  const double qp = pts.size() >= 2 ? pts[pts.size() - 2].first : 0.0;
  const double xp = pts.size() >= 2 ? pts[pts.size() - 2].second : 0.0;
  const double l = DetLog((1.0 - qp) / (1.0 - qk));
  return l > 0 ? (xk - xp) / l : xk;
}

double ServiceMean(const ServiceTimeDef& def, double mean_s) {
  if (def.shape != ServiceShape::Percentiles || def.percentiles.empty()) return mean_s;
  double q0 = 0, x0 = 0, mean = 0;
  for (const auto& [q, x] : def.percentiles) {
    mean += (q - q0) * (x0 + x) / 2.0;
    q0 = q;
    x0 = x;
  }
  mean += (1.0 - q0) * (x0 + PercentileTailScale(def.percentiles));
  return mean;
}

Expected<FaultDef, SimError> ParseFault(std::string_view text) {
  FaultDef f;
  f.text = Trim(text);
  auto bad = [&](const std::string& why) {
    std::string m = "'";
    m += f.text;
    m += "': ";
    m += why;
    m += " (use COMPONENT[/REPLICA]@T[:for=D][:latency=D|:slow=F], partition:ZONE_A,ZONE_B@T[:for=D] or "
         "spike:FACTOR@T[:for=D])";
    return Unexpected{SimError{"fail", std::move(m)}};
  };
  const std::size_t at = f.text.find('@');
  if (at == std::string::npos) return bad("missing @TIME");
  const std::string target = Trim(std::string_view(f.text).substr(0, at));
  const std::string rest = f.text.substr(at + 1);
  if (target.empty()) return bad("missing component");
  if (target.rfind("partition:", 0) == 0) {
    f.kind = FaultKind::Partition;
    const std::string sides = target.substr(10);
    const std::size_t comma = sides.find(',');
    if (comma == std::string::npos) return bad("a partition names two zones: partition:A,B");
    f.side_a = Trim(std::string_view(sides).substr(0, comma));
    f.side_b = Trim(std::string_view(sides).substr(comma + 1));
    if (f.side_a.empty() || f.side_b.empty()) return bad("a partition names two zones: partition:A,B");
    if (f.side_a == f.side_b) return bad("the two sides of a partition must differ");
  } else if (target.rfind("spike:", 0) == 0) {
    f.kind = FaultKind::Spike;
    std::string v = Lower(Trim(std::string_view(target).substr(6)));
    if (!v.empty() && v.back() == 'x') v.pop_back();
    if (!v.empty() && v.front() == 'x') v.erase(v.begin());
    const char* usage = "spike: a rate factor above 0 and at most 1000, e.g. spike:4";
    if (!IsPlainNumber(v)) return bad(usage);
    auto c = units::ParseCount(v);
    if (!c || !(*c > 0) || *c > 1e3) return bad(usage);
    f.rate_factor = *c;
  } else {
    const std::size_t slash = target.find('/');
    f.component = Trim(std::string_view(target).substr(0, slash));
    if (f.component.empty()) return bad("missing component");
    if (slash != std::string::npos) {
      const std::string r = Trim(std::string_view(target).substr(slash + 1));
      if (r.empty() || r.size() > 7 || !std::all_of(r.begin(), r.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return bad("replica must be a number (0-based)");
      f.replica = std::stoi(r);
    }
  }
  // rest = T[:key=value]...
  std::vector<std::string> parts;
  std::size_t pos = 0;
  while (true) {
    const std::size_t colon = rest.find(':', pos);
    parts.push_back(Trim(std::string_view(rest).substr(pos, colon == std::string::npos ? std::string::npos : colon - pos)));
    if (colon == std::string::npos) break;
    pos = colon + 1;
  }
  auto t = ParseSeconds("fail", parts[0]);
  if (!t) return bad("time: " + t.error().message);
  f.at_s = *t;
  bool has_latency = false, has_slow = false;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    const std::size_t eq = p.find('=');
    if (eq == std::string::npos) return bad("expected key=value after ':'");
    const std::string key = Lower(Trim(std::string_view(p).substr(0, eq)));
    const std::string value = Trim(std::string_view(p).substr(eq + 1));
    if (key == "for") {
      auto d = ParseSeconds("fail", value);
      if (!d) return bad("for: " + d.error().message);
      if (!(*d > 0)) return bad("for: must be above 0");
      f.for_s = *d;
    } else if (key == "latency") {
      auto d = ParseSeconds("fail", value);
      if (!d) return bad("latency: " + d.error().message);
      if (!(*d > 0) || *d > 3600) return bad("latency: must be above 0 and at most 1 h");
      f.latency_s = *d;
      has_latency = true;
    } else if (key == "slow") {
      std::string v = Lower(value);
      if (!v.empty() && v.back() == 'x') v.pop_back();
      if (!IsPlainNumber(v)) return bad("slow: a factor above 0 and at most 10000, e.g. slow=5");
      auto c = units::ParseCount(v);
      if (!c || !(*c > 0) || *c > 1e4) return bad("slow: a factor above 0 and at most 10000, e.g. slow=5");
      f.slow_factor = *c;
      has_slow = true;
    } else {
      return bad("unknown option '" + key + "'");
    }
  }
  if (has_latency && has_slow) return bad("give latency or slow, not both");
  if (f.kind == FaultKind::Partition && (has_latency || has_slow)) return bad("a partition takes only :for=");
  if (f.kind == FaultKind::Spike && (has_latency || has_slow)) return bad("a spike takes only :for=");
  if (has_latency) f.kind = FaultKind::Latency;
  if (has_slow) f.kind = FaultKind::Slow;
  return f;
}

}  // namespace sdlab::sim
