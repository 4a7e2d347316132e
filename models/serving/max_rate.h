// SPDX-License-Identifier: MIT
#pragma once
// MLPerf Server's question: the highest Poisson arrival rate at which the simulated deployment
// still meets the scenario's [slo] (both TTFT and TPOT at its percentile).
#include <cstdint>

#include "serving/serving_spec.h"
#include "serving/simulator.h"
#include "serving/step_time.h"

namespace xpu::serving {

struct MaxRateSearch {
  int64_t replicas = 1;
  int64_t chips_per_replica = 1;
  BatchingPolicy policy;
  double start_rate_per_s = 1.0;  // a first guess: the offline throughput in requests/s
};

// From the start rate, doubled while the SLO holds, then bisected to 1% of the rate. `arrival`
// must be Poisson and the scenario must have an [slo] (the caller checks, with its own words).
double find_max_rate(StepTimer& timer, const ServingSpec& scenario, ArrivalSpec arrival,
                     const MaxRateSearch& search);

}  // namespace xpu::serving
