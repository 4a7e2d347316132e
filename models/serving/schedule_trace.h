// SPDX-License-Identifier: MIT
#pragma once
// The simulated batch schedule as a Chrome trace (chrome://tracing, ui.perfetto.dev): per
// replica a track of its iterations, each named by what it ran (prompt tokens prefilled and
// sequences decoded) and as long as it took, and a counter track of its KV-cache occupancy.
// Disaggregated: the prefill pool's replicas, then the decode pool's, then per prefill replica a
// track of the KV transfers out of it.
#include <cstdint>
#include <string>

#include "serving/disaggregated.h"
#include "serving/simulator.h"

namespace xpu::serving {

// Trace-event JSON; times in microseconds of simulated time. With pp stages a replica runs
// `micro_batches_per_replica` engines (serving/simulator.h), each on a track of its own.
std::string schedule_trace_json(const Schedule& schedule, int64_t micro_batches_per_replica);
std::string schedule_trace_json(const DisaggregatedSchedule& schedule);

}  // namespace xpu::serving
