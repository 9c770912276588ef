// Fuzz target: the cache trace readers. The first byte picks the format (even: oracleGeneral, odd:
// CSV) and whether sizes are ignored; the rest is the file. A read trace replays through LRU.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "fuzz_check.h"
#include "sdlab/cache.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  sdlab::cache::TraceReadOptions opt;
  opt.format = (data[0] & 1) ? sdlab::cache::TraceFormat::Csv : sdlab::cache::TraceFormat::OracleGeneral;
  opt.ignore_size = (data[0] & 2) != 0;
  opt.max_requests = 4096;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  auto trace = sdlab::cache::ReadTrace(in, opt);
  if (!trace) {
    sdlab::fuzz::Require(!trace.error().message.empty(), "a refused trace says why");
    return 0;
  }
  sdlab::cache::PolicyDef def;
  def.name = "lru";
  def.capacity = 1 + (data[0] >> 2);
  auto sim = sdlab::cache::Simulate(*trace, def);
  if (sim) sdlab::fuzz::Require(sim->hits <= sim->requests, "hits never exceed requests");
  return 0;
}
