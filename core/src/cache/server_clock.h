// cache/server_clock.h — the clock of the models of real servers (internal).
//
// Request::time counts ticks; PolicyDef::ticks_per_second says how many make a second (a synthetic
// workload at R requests/s has R; a trace with timestamps in seconds has 1). Servers keep coarse
// clocks of their own (Redis: an LRU clock in seconds and an LFU clock in minutes; memcached: whole
// seconds), derived here from the request's time in seconds.
#pragma once

#include <cstdint>

#include "sdlab/cache.h"

namespace sdlab::cache::detail {

class ServerClock {
 public:
  /// ticks_per_second > 0 (MakePolicy refuses a server model without a clock).
  explicit ServerClock(double ticks_per_second) : ticks_per_second_(ticks_per_second) {}

  /// The request's time in seconds since the start of the stream.
  double Seconds(std::uint32_t time) const { return static_cast<double>(time) / ticks_per_second_; }

  /// floor(seconds / resolution): the tick of a clock of that resolution (seconds).
  static std::uint64_t Tick(double seconds, double resolution_s) {
    return static_cast<std::uint64_t>(seconds / resolution_s);
  }

 private:
  double ticks_per_second_;
};

}  // namespace sdlab::cache::detail
