// SPDX-License-Identifier: MIT
#pragma once
// The throughput-interactivity curve (what InferenceMAX and MLPerf's interactive scenarios
// compare chips by): for one replica split by tensor parallelism over 1, 2, 4 ... up to
// `max_chips` chips and every batch from 1 to the largest that fits (powers of two, and the
// largest), the offline serving point (offline.h): output tokens/s per chip against tokens/s each
// user sees (1 / TPOT). The points no other point beats on both axes form the front a deployment
// chooses from.
#include <string>
#include <vector>

#include "analytical/evaluate.h"
#include "config/arch_spec.h"
#include "config/workload_spec.h"
#include "result/engine.h"
#include "workload/scenario.h"

namespace xpu::serving {

struct CurvePoint {
  workload::Parallelism parallel;
  int64_t chips = 1;  // that the replicas use
  int64_t batch_per_replica = 1;
  double output_tokens_per_s_per_chip = 0.0;
  double tokens_per_s_per_user = 0.0;      // 1 / time per output token
  double ttft_s = 0.0;                     // one request's prefill, unqueued
  double energy_j_per_output_token = 0.0;  // of the fused iterations (offline.h)
  bool on_front = false;
};

struct InteractivityCurve {
  std::string arch;                // arch id
  std::vector<CurvePoint> points;  // by tp, then batch
};

// Each point's steps timed by `engine`. Throws InfeasibleError when no layout on up to
// `max_chips` chips fits.
InteractivityCurve interactivity_curve(const config::ArchSpec& arch,
                                       const config::WorkloadSpec& workload, int64_t input_tokens,
                                       int64_t output_tokens, int64_t max_chips,
                                       const Engine& engine = analytical::evaluate);

}  // namespace xpu::serving
