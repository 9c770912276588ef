// Ziggurat tables and draws for Exp(1): see exponential.h.
#include "sim/exponential.h"

namespace sdlab::sim {

namespace {
constexpr double kR = 7.69711747013104972;      // start of the tail (rightmost layer edge)
constexpr double kV = 3.949659822581572e-3;     // area of each layer
constexpr double kTwo53 = 9007199254740992.0;   // 2^53
}  // namespace

ExpZiggurat::ExpZiggurat() {
  double de = kR, te = kR;
  const double q = kV / DetExp(-de);
  k_[0] = static_cast<std::uint64_t>((de / q) * kTwo53);
  k_[1] = 0;
  w_[0] = q / kTwo53;
  w_[255] = de / kTwo53;
  f_[0] = 1.0;
  f_[255] = DetExp(-de);
  for (int i = 254; i >= 1; --i) {
    de = -DetLog(kV / de + DetExp(-de));
    k_[i + 1] = static_cast<std::uint64_t>((de / te) * kTwo53);
    te = de;
    f_[i] = DetExp(-de);
    w_[i] = de / kTwo53;
  }
}

// The first word was rejected by the rectangle test of layer i: the tail (i = 0) or the wedge, then
// fresh words as before.
double ExpZiggurat::DrawSlow(Rng& rng, unsigned i, std::uint64_t j) const {
  for (;;) {
    if (i == 0) return kR - DetLog(rng.UniformOpen0());  // the tail beyond kR is kR + Exp(1)
    const double x = static_cast<double>(j) * w_[i];
    if (f_[i] + rng.Uniform01() * (f_[i - 1] - f_[i]) < DetExp(-x)) return x;
    const std::uint64_t u = rng.Next();
    i = static_cast<unsigned>(u & 0xFFu);
    j = u >> 11;
    if (j < k_[i]) return static_cast<double>(j) * w_[i];
  }
}

}  // namespace sdlab::sim
