// SPDX-License-Identifier: MIT
#pragma once
// Time of a collective over chip-to-chip links, alpha-beta style: every step of the algorithm
// pays the link's latency (alpha: software, switch and wire) and every byte crosses a link at
// its one-direction bandwidth (beta). Ring algorithms: an all-reduce of S bytes over n chips
// takes 2(n-1) steps and moves 2(n-1)/n * S per chip; all-gather and all-to-all take n-1 steps
// and move (n-1)/n * S; point-to-point is one step of S.
#include "config/arch_spec.h"
#include "workload/op.h"

namespace xpu::analytical {

struct CollectiveTime {
  double latency_s = 0.0;
  double transfer_s = 0.0;
  double time_s() const { return latency_s + transfer_s; }
};

CollectiveTime collective_time(const workload::CollectiveShape& c, const config::LinkSpec& link);

}  // namespace xpu::analytical
