// SPDX-License-Identifier: MIT
#include "training/comm_overlap.h"

#include <algorithm>

namespace xpu::training {

double sm_fraction(int64_t channels, int64_t units) {
  if (units < 1) return 0.0;  // a chip without SMs to share (not a GPU)
  return std::min(1.0, static_cast<double>(channels) / static_cast<double>(units));
}

double with_collective_s(double compute_s, double collective_s, double sm_fraction) {
  return std::max(collective_s, compute_s + sm_fraction * collective_s);
}

double sm_sharing_loss_s(double compute_s, double collective_s, double sm_fraction) {
  return with_collective_s(compute_s, collective_s, sm_fraction) -
         std::max(compute_s, collective_s);
}

double exposed_behind(double total_s, double window_s, int64_t units, bool overlap,
                      double sm_fraction) {
  if (!overlap) return total_s;
  const double n = static_cast<double>(std::max<int64_t>(units, 1));
  const double hidden_share = (n - 1.0) / n;
  const double behind = total_s * hidden_share;
  const double window = window_s * hidden_share;
  return total_s / n + with_collective_s(window, behind, sm_fraction) - window;
}

}  // namespace xpu::training
