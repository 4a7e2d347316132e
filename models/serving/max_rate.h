// SPDX-License-Identifier: MIT
#pragma once
// MLPerf Server's question: the highest Poisson arrival rate at which the simulated deployment
// still meets the scenario's [slo] (both TTFT and TPOT at its percentile), on one layout or on
// the best of the layouts the offline search tries.
#include <cstdint>
#include <string>
#include <vector>

#include "config/arch_spec.h"
#include "config/workload_spec.h"
#include "serving/offline.h"
#include "serving/serving_spec.h"
#include "serving/simulator.h"
#include "serving/step_time.h"

namespace xpu::serving {

struct MaxRateSearch {
  int64_t replicas = 1;
  BatchingPolicy policy;
  double start_rate_per_s = 1.0;  // a first guess: the offline throughput in requests/s
};

// The search on `offline`'s layout, started from its throughput in requests/s.
MaxRateSearch rate_search_on(const OfflineResult& offline, int64_t output_tokens,
                             const BatchingPolicy& policy);

// From the start rate, doubled while the SLO holds, then bisected to 1% of the rate. `arrival`
// must be Poisson and the scenario must have an [slo] (the caller checks, with its own words).
double find_max_rate(StepTimer& timer, const ServingSpec& scenario, ArrivalSpec arrival,
                     const MaxRateSearch& search);

struct SloLayoutResult {
  OfflineResult offline;  // the chosen layout's offline run (its layout and batch)
  double max_rate_per_s = 0.0;
  std::vector<std::string> layouts_tried;  // each layout's highest rate, or why it has none
};

// Every layout offline_layouts() gives for `req` (one when req.parallel is set), each with its
// own offline run and find_max_rate(); the highest rate is kept, the first of equal ones, so the
// answer is the same run to run. Throws InfeasibleError when no layout holds a request.
SloLayoutResult find_max_rate_layout(const config::ArchSpec& arch, const config::WorkloadSpec& w,
                                     const ServingSpec& scenario, const ArrivalSpec& arrival,
                                     const OfflineRequest& req, const BatchingPolicy& policy);

}  // namespace xpu::serving
