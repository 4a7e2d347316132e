// SPDX-License-Identifier: MIT
#pragma once
// The JSON of `xpusim serve`, `train` and `latency-wall` (docs/cli.md).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "serving/offline.h"
#include "training/latency_wall.h"
#include "training/train_step.h"
#include "workload/scenario.h"

namespace xpu::report {

// The best layout of a serving scenario on `chips` chips of one arch.
nlohmann::json to_json(const serving::OfflineResult& r, const std::string& scenario_id,
                       const std::string& arch_id, int64_t chips);

// One training step of a workload on a system split as `parallel`.
nlohmann::json to_json(const training::TrainResult& r, const std::string& system_id,
                       const std::string& workload_id, const training::TrainRequest& req);

nlohmann::json to_json(const training::LatencyWallResult& r, const std::string& system_id,
                       const std::string& shape_id);

}  // namespace xpu::report
