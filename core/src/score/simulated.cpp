// Simulated per-flow percentiles (sim.h) in the score's FlowLatency form.
#include "sdlab/score.h"
#include "sdlab/sim.h"
#include "sdlab/units.h"

namespace sdlab::score {

std::vector<FlowLatency> FlowLatenciesFromSimulation(const sim::SimResult& result) {
  std::vector<FlowLatency> out;
  for (const sim::FlowResult& f : result.flows) {
    FlowLatency l;
    l.flow = f.id;
    l.kind = f.kind;
    l.source = "simulation";
    const std::string run = std::to_string(f.latency.count) + " requests in " +
                            units::FormatDuration(result.measured_s) + ", seed " + std::to_string(result.seed) +
                            ", error rate " + units::FormatPercent(f.error_rate, 3);
    if (f.latency.count == 0) {
      l.saturated = true;
      l.formula = "p99 unbounded: no request of the flow succeeded in the simulation (" + run + ")";
    } else {
      l.p50_s = f.latency.p50_s;
      l.p95_s = f.latency.p95_s;
      l.p99_s = f.latency.p99_s;
      l.formula = "p99 = " + units::FormatDuration(f.latency.p99_s) + " measured (" + run + ")";
    }
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace sdlab::score
