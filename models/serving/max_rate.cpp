// SPDX-License-Identifier: MIT
#include "serving/max_rate.h"

#include "serving/traffic.h"

namespace xpu::serving {

double find_max_rate(StepTimer& timer, const ServingSpec& scenario, ArrivalSpec arrival,
                     const MaxRateSearch& s) {
  auto meets = [&](double rate) {
    arrival.rate_per_s = rate;
    return *simulate(timer, s.replicas, s.chips_per_replica, traffic_of(scenario, arrival),
                     s.policy, scenario.slo)
                .meets_slo;
  };
  double lo = 0.0, hi = s.start_rate_per_s;
  for (int doublings = 0; meets(hi); ++doublings) {
    if (doublings == 10) return hi;  // 1000x the start rate: the SLO binds nowhere
    lo = hi;
    hi *= 2.0;
  }
  while (hi - lo > 0.01 * hi) {
    const double mid = 0.5 * (lo + hi);
    (meets(mid) ? lo : hi) = mid;
  }
  return lo;
}

}  // namespace xpu::serving
