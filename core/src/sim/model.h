// The simulator's static model: a blueprint and a SimDef turned into stations, flows with their hops
// (network cost, TLS, replica-picking strategy), resolved faults, rates and the run plan.
// Built once per run by BuildModel; read-only while the engine runs, except that Simulation::Inject
// appends to `faults`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sdlab/blueprint.h"
#include "sdlab/random.h"
#include "sdlab/sim.h"
#include "sim/exponential.h"

namespace sdlab::sim {

/// A duration with a unit ("30s", "2min") or a plain number of seconds.
Expected<double, SimError> ParseSeconds(std::string_view field, std::string_view text);
/// Scale of the exponential tail of a percentile-defined distribution (see ServiceSampler).
double PercentileTailScale(const std::vector<std::pair<double, double>>& pts);

/// Draws service times: exponential by the ziggurat, lognormal through DetLog/DetExp, so draws are
/// the same bits everywhere.
struct ServiceSampler {
  ServiceShape shape = ServiceShape::Exponential;
  double mean = 0;
  double ln_mu = 0, ln_sigma = 0;         // lognormal
  std::vector<double> q, x;               // percentiles: knots, (0, 0) first
  double tail = 0;                        // percentiles: exponential tail scale beyond the last knot

  static ServiceSampler Make(const ServiceTimeDef& def, double mean_s);
  double Draw(Rng& rng, const ExpZiggurat& exp1) const {  // the common shape inline
    return shape == ServiceShape::Exponential ? exp1.Draw(rng) * mean : DrawOther(rng);
  }

 private:
  double DrawOther(Rng& rng) const;
};

enum class Role : std::uint8_t { Pass, Delay, Queue };

struct StationModel {
  std::string id;
  ComponentKind kind = ComponentKind::Service;
  Role role = Role::Delay;
  int zone = -1;                 // index into Model::zones
  int replicas = 1;              // at the start
  int min_replicas = 1, max_replicas = 1;
  int slots = 1;                 // replica slots allocated (max over the run)
  bool autoscale = false;
  bool health_checks = false;
  int servers = 0;               // per replica; 0 for pure delays
  double mean_service_s = 0;     // the component's mean (the sampler's mean may differ: percentiles)
  ServiceSampler sampler;
  bool stateful = false;         // slows down in the endurance profile
  double hit_ratio = -1;         // dns/cdn/cache; -1 = none
  bool short_circuit = false;    // cdn/cache: a read hit is answered here
  bool is_dns = false;
  // databases
  bool is_db = false;
  ReplicationMode mode = ReplicationMode::None;
  ReplicationSync sync = ReplicationSync::Async;
  bool read_replicas = false;
  int shards = 1, set_size = 1, stride = 1;
  int quorum_n = 0, quorum_r = 0, quorum_w = 0;
  double failover_s = 30;
  double lag_s = 0;              // declared async lag, added to the shipping time
  double member_net_s = 0;       // between replica-set members (same zone)
  // analytic load at multiplier 1 (jobs/s) and capacity (jobs/s over the initial replicas)
  double load_jobs = 0;
  double capacity_jobs = 0;
  int Member(int shard, int j) const { return (shard * stride + j) % replicas; }
};

// What entering a hop does, by its station (BuildModel): a client passes the request straight on, a
// database dispatches it to its replica set, a queueing component queues a job at a picked replica,
// anything else is a pure delay at a picked replica.
enum class HopKind : std::uint8_t { Pass, Db, Queue, Delay };

struct HopModel {
  std::uint32_t station = 0;
  HopKind kind = HopKind::Delay;
  double net_s = 0;              // one way, from the previous hop
  std::uint8_t tls_rtts = 0;     // handshake round trips on a new connection
  double tls_crypto_s = 0;
  double new_conn_p = 0;         // share of requests that open a new connection on this hop
  // The arrival here is an event (a queueing component or a database, or any hop with circuit breakers
  // on); otherwise the hop is a pass-through or pure delay, decided when the request is sent to it.
  bool arrival_event = false;
  bool last = false;             // the flow's last hop: leaving it completes the request
  bool answers_client = false;   // the async flow's broker hop (FlowModel::async_hop): leaving it answers the client
  int zone_from = -1, zone_to = -1;
  LbStrategy strategy = LbStrategy::RoundRobin;  // how this hop's replica is picked
};

struct FlowModel {
  std::string id;
  FlowKind kind = FlowKind::Read;
  bool async = false;
  int async_hop = -1;            // the broker hop after which the client is answered
  double base_rate = 0;          // requests/s at multiplier 1
  std::vector<HopModel> hops;
  double events_per_request = 0; // expected
};

struct ZoneModel {
  std::string id, region;
};

struct FaultModel {
  FaultKind kind = FaultKind::Crash;
  int station = -1;
  int replica = -1;
  std::vector<std::uint8_t> side;  // partition: per zone 0 = neither, 1 = side A, 2 = side B
  double at_s = 0, end_s = 0;      // end_s > duration when it lasts to the end
  bool ends = false;
  double latency_s = 0, slow_factor = 1;
  double rate_factor = 1;          // spike
  std::string text;
};

struct Model {
  std::string name;
  SimDef def;
  std::vector<StationModel> stations;  // one per component, same order
  std::vector<FlowModel> flows;
  std::vector<ZoneModel> zones;
  std::vector<FaultModel> faults;
  double target_utilization = 0.7;
  double month_s = 30 * 86400.0;
  double growth_per_month = 0;
  double duration_s = 60;
  double spike_start_s = 0, spike_end_s = 0;
  double stress_from = 0, stress_to = 0;   // multipliers of the base rate
  double peak_multiplier = 1;
  std::uint64_t request_cap = 0;           // most requests alive at once (memory guard)
  int max_fanout = 1;
  RunPlan plan;
};

/// Validates and builds the model (including the budget check). Errors name the input at fault.
Expected<Model, SimError> BuildModel(const Blueprint& bp, const SimDef& def);

/// A failure checked against the model's stations and zones (BuildModel, Simulation::Inject).
/// Errors have field "fail" and name the failure as written.
Expected<FaultModel, SimError> ResolveFault(const Model& m, const FaultDef& f);

/// Rounds to `significant` digits through decimal text (same bytes on every platform); non-finite → 0.
double RoundSig(double v, int significant = 6);

}  // namespace sdlab::sim
