// SPDX-License-Identifier: MIT
#pragma once
// `xpusim serve` with a prefill pool and a decode pool (serving/disaggregated.h): each pool's
// layout, the run, and what it prints beside the system-wide fields.
#include <functional>
#include <nlohmann/json.hpp>

#include "config/arch_spec.h"
#include "config/workload_spec.h"
#include "result/engine.h"
#include "serving/disaggregated.h"
#include "serving/serving_spec.h"
#include "workload/scenario.h"

namespace xpu::cli {

struct PoolRun {
  workload::Parallelism prefill_layout, decode_layout;
  serving::KvLink link;
  serving::DisaggregatedResult result;
};

// Each pool's layout (its tp with data parallelism over the rest of its chips, else the offline
// layout search's best on its chips), step times (by `engine`) and KV capacity, the link between
// them, then the simulator. InfeasibleError naming the pool that cannot hold the model.
PoolRun run_pools(const config::ArchSpec& arch, const config::WorkloadSpec& workload,
                  const serving::ServingSpec& scenario, const serving::DisaggregationSpec& split,
                  const serving::Traffic& traffic, const serving::BatchingPolicy& policy,
                  const Engine& engine, const std::function<void()>& on_request_done,
                  serving::DisaggregatedSchedule* schedule);

// `prefill_pool`, `decode_pool` and `kv_transfer` (docs/cli.md), added to the system's JSON.
void add_pools_json(const PoolRun& run, nlohmann::json& j);

// The pools' and the transfers' lines of the text output.
void print_pools(const PoolRun& run);

}  // namespace xpu::cli
