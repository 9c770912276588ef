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

double ExpZiggurat::Draw(Rng& rng) const {
  for (;;) {
    const std::uint64_t u = rng.Next();
    const unsigned i = static_cast<unsigned>(u & 0xFFu);
    const std::uint64_t j = u >> 11;  // 53 random bits, disjoint from the layer index
    if (j < k_[i]) return static_cast<double>(j) * w_[i];
    if (i == 0) return kR - DetLog(rng.UniformOpen0());  // the tail beyond kR is kR + Exp(1)
    const double x = static_cast<double>(j) * w_[i];
    if (f_[i] + rng.Uniform01() * (f_[i - 1] - f_[i]) < DetExp(-x)) return x;
  }
}

}  // namespace sdlab::sim
