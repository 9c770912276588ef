// Block/file/object media, an HDFS-style DFS, and batch vs stream processing. See sdlab/storage.h.
#include <algorithm>
#include <cmath>

#include "sdlab/storage.h"
#include "sdlab/units.h"

namespace sdlab::storage {

namespace {
std::string N(double v) { return units::FormatNumber(v, 4); }
std::string B(double v) { return units::FormatBytes(v); }
std::string T(double v) { return units::FormatDuration(v); }
Unexpected<InputError> Fail(std::string f, std::string m) { return Unexpected<InputError>{InputError{std::move(f), std::move(m)}}; }
bool In(double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; }
}  // namespace

const std::vector<MediumProfile>& MediumTable() {
  static const std::vector<MediumProfile> table{
      {"local_nvme", "block", 0.0001, 2e9, "~500K IOPS", "a raw disk of fixed-size blocks on the host",
       "database data files and logs on one host; lost with the host"},
      {"network_block", "block", 0.0005, 250e6, "~3K–16K IOPS (provisioned)",
       "a network volume attached to one host at a time", "databases that must survive a host loss"},
      {"network_file", "file", 0.002, 100e6, "~thousands of IOPS, shared", "a POSIX file tree mounted by many hosts",
       "shared files, home directories, legacy apps that need a file system"},
      {"object", "object", 0.05, 100e6, "~thousands of requests/s per prefix", "whole objects by key over HTTP",
       "media, backups, data lakes; immutable blobs of any size"},
      {"archive", "object", 5 * 3600.0, 100e6, "restore first, then read", "objects restored from cold storage on request",
       "compliance copies and backups read a few times a year"},
  };
  return table;
}

Expected<std::vector<MediumRead>, InputError> ReadTimes(double size_bytes) {
  if (!In(size_bytes, 0, 1e12)) return Fail("size", "must be 0 … 1 TB");
  std::vector<MediumRead> out;
  for (const auto& m : MediumTable()) {
    MediumRead r;
    r.medium = m.medium;
    r.read_s = m.first_byte_s + size_bytes / m.throughput_bytes_per_s;
    r.formula = m.medium + ": first byte + size ÷ throughput = " + T(m.first_byte_s) + " + " + B(size_bytes) + " ÷ " +
                B(m.throughput_bytes_per_s) + "/s = " + T(r.read_s);
    out.push_back(std::move(r));
  }
  return out;
}

Expected<DfsResult, InputError> AnalyzeDfs(const DfsDef& d) {
  if (!In(d.data_bytes, 1, 1e21)) return Fail("data", "must be 1 B … 1 ZB");
  if (!In(d.file_size_bytes, 1, 1e15)) return Fail("file-size", "must be 1 B … 1 PB");
  if (!In(d.block_size_bytes, 1024, 1e11)) return Fail("block-size", "must be 1 KiB … 100 GB");
  if (d.replication < 1 || d.replication > 10) return Fail("replication", "must be 1 … 10");
  if (d.nodes < 1 || d.nodes > 100000) return Fail("nodes", "must be 1 … 100000");
  if (d.replication > d.nodes) return Fail("replication", "exceeds the number of nodes (each copy needs its own node)");
  if (!In(d.node_bandwidth_bytes_per_s, 1, 1e12)) return Fail("bandwidth", "must be 1 B/s … 1 TB/s");
  if (!In(d.bytes_per_namespace_object, 1, 1e6)) return Fail("bytes-per-object", "must be 1 … 1e6");
  DfsResult r;
  r.raw_bytes = d.data_bytes * d.replication;
  r.files = std::ceil(d.data_bytes / d.file_size_bytes - 1e-9);
  if (r.files > 1e15) return Fail("file-size", "more than 10^15 files: refuse (NameNode limit)");
  r.blocks_per_file = std::max(1.0, std::ceil(d.file_size_bytes / d.block_size_bytes - 1e-9));
  r.blocks = r.files * r.blocks_per_file;
  r.block_replicas = r.blocks * d.replication;
  r.namespace_objects = r.files + r.blocks;
  r.namenode_memory_bytes = r.namespace_objects * d.bytes_per_namespace_object;
  r.per_node_bytes = r.raw_bytes / d.nodes;
  r.node_losses_tolerated = d.replication - 1;
  r.formulas.push_back({"raw_bytes", "raw = data × replication = " + B(d.data_bytes) + " × " +
                                         std::to_string(d.replication) + " = " + B(r.raw_bytes)});
  r.formulas.push_back({"files", "files = ⌈data ÷ file size⌉ = ⌈" + B(d.data_bytes) + " ÷ " + B(d.file_size_bytes) +
                                     "⌉ = " + units::FormatCount(r.files)});
  r.formulas.push_back({"blocks", "blocks = files × ⌈file size ÷ block size⌉ = " + units::FormatCount(r.files) + " × ⌈" +
                                      B(d.file_size_bytes) + " ÷ " + units::FormatBytes(d.block_size_bytes, true) + "⌉ = " +
                                      units::FormatCount(r.files) + " × " + N(r.blocks_per_file) + " = " +
                                      units::FormatCount(r.blocks)});
  r.formulas.push_back({"namenode_memory_bytes", "NameNode heap ≈ (files + blocks) × " + N(d.bytes_per_namespace_object) +
                                                     " B = " + units::FormatCount(r.namespace_objects) + " × " +
                                                     N(d.bytes_per_namespace_object) + " B = " + B(r.namenode_memory_bytes)});
  r.formulas.push_back({"per_node_bytes", "per node = raw ÷ nodes = " + B(r.raw_bytes) + " ÷ " +
                                              std::to_string(d.nodes) + " = " + B(r.per_node_bytes)});
  if (d.replication == 1) {
    r.notes.push_back("replication factor 1: losing any node loses the blocks it held; nothing to re-replicate from");
  } else if (d.nodes > 1) {
    r.rereplication_s = r.per_node_bytes / ((d.nodes - 1) * d.node_bandwidth_bytes_per_s);
    r.formulas.push_back({"rereplication_s", "re-replication = data on the lost node ÷ ((nodes − 1) × bandwidth) = " +
                                                 B(r.per_node_bytes) + " ÷ (" + std::to_string(d.nodes - 1) + " × " +
                                                 B(d.node_bandwidth_bytes_per_s) + "/s) = " + T(*r.rereplication_s)});
  }
  if (d.file_size_bytes < d.block_size_bytes / 2)
    r.notes.push_back("files smaller than half a block: the small-files problem — NameNode memory grows with the file "
                      "count, not the bytes; pack small files (sequence files, archives) or use object storage");
  r.notes.push_back("150 B per file or block is the HDFS rule of thumb (directories add a little more)");
  return r;
}

Expected<ProcessingResult, InputError> CompareProcessing(const ProcessingDef& d) {
  if (!In(d.events_per_s, 1e-9, 1e12)) return Fail("rate", "must be > 0 and ≤ 1e12/s");
  if (!In(d.event_size_bytes, 0, 1e12)) return Fail("event-size", "must be 0 … 1 TB");
  if (!In(d.batch_interval_s, 1, 1e9)) return Fail("interval", "must be 1 s … 30 years");
  if (!In(d.window_s, 0, 1e9)) return Fail("window", "must be 0 … 30 years");
  if (!In(d.per_worker_events_per_s, 1e-9, 1e12)) return Fail("worker-throughput", "must be > 0");
  if (d.workers < 1 || d.workers > 1000000) return Fail("workers", "must be 1 … 10^6");
  if (!In(d.per_event_s, 0, 3600)) return Fail("per-event", "must be 0 … 1 h");
  if (!In(d.batch_startup_s, 0, 86400)) return Fail("startup", "must be 0 … 1 d");
  ProcessingResult r;
  const double cap = d.workers * d.per_worker_events_per_s;
  r.events_per_batch = d.events_per_s * d.batch_interval_s;
  r.bytes_per_batch = r.events_per_batch * d.event_size_bytes;
  r.batch_job_s = d.batch_startup_s + r.events_per_batch / cap;
  r.batch_keeps_up = r.batch_job_s <= d.batch_interval_s;
  r.batch_latency_worst_s = d.batch_interval_s + r.batch_job_s;
  r.batch_latency_mean_s = d.batch_interval_s / 2 + r.batch_job_s;
  r.stream_utilization = d.events_per_s / cap;
  r.stream_keeps_up = r.stream_utilization < 1;
  r.stream_latency_worst_s = d.window_s + d.per_event_s;
  r.stream_latency_mean_s = d.window_s / 2 + d.per_event_s;
  const std::string cap_text = std::to_string(d.workers) + " × " + units::FormatRate(d.per_worker_events_per_s);
  r.formulas.push_back({"events_per_batch", "events per batch = rate × interval = " + units::FormatRate(d.events_per_s) +
                                                " × " + T(d.batch_interval_s) + " = " + units::FormatCount(r.events_per_batch)});
  r.formulas.push_back({"bytes_per_batch", "bytes per batch = events × size = " + units::FormatCount(r.events_per_batch) +
                                               " × " + B(d.event_size_bytes) + " = " + B(r.bytes_per_batch)});
  r.formulas.push_back({"batch_job_s", "job time = start-up + events ÷ (workers × throughput) = " + T(d.batch_startup_s) +
                                           " + " + units::FormatCount(r.events_per_batch) + " ÷ (" + cap_text + ") = " +
                                           T(r.batch_job_s)});
  r.formulas.push_back({"batch_latency_worst_s", "batch latency (worst) = interval + job = " + T(d.batch_interval_s) +
                                                     " + " + T(r.batch_job_s) + " = " + T(r.batch_latency_worst_s)});
  r.formulas.push_back({"batch_latency_mean_s", "batch latency (mean) = interval/2 + job = " + T(d.batch_interval_s / 2) +
                                                    " + " + T(r.batch_job_s) + " = " + T(r.batch_latency_mean_s)});
  r.formulas.push_back({"stream_utilization", "stream utilisation = rate ÷ (workers × throughput) = " +
                                                  units::FormatRate(d.events_per_s) + " ÷ (" + cap_text + ") = " +
                                                  units::FormatPercent(r.stream_utilization, 3)});
  r.formulas.push_back({"stream_latency_worst_s", "stream latency (worst) = window + per event = " + T(d.window_s) +
                                                      " + " + T(d.per_event_s) + " = " + T(r.stream_latency_worst_s)});
  r.formulas.push_back({"stream_latency_mean_s", "stream latency (mean) = window/2 + per event = " + T(d.window_s / 2) +
                                                     " + " + T(d.per_event_s) + " = " + T(r.stream_latency_mean_s)});
  if (!r.batch_keeps_up) r.notes.push_back("batch falls behind: a job takes longer than the interval");
  if (!r.stream_keeps_up) r.notes.push_back("stream falls behind: utilisation ≥ 100%, the backlog grows");
  if (r.stream_keeps_up && r.stream_latency_worst_s < r.batch_latency_mean_s)
    r.recommendation = "stream: results within " + T(r.stream_latency_worst_s) + " instead of " +
                       T(r.batch_latency_mean_s) + " on average; batch if minutes-to-hours freshness is enough and "
                       "reprocessing whole datasets is simpler";
  else
    r.recommendation = "batch: the stream cannot keep up or is not fresher; batch jobs are simpler to run and rerun";
  return r;
}

}  // namespace sdlab::storage
