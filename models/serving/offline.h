// SPDX-License-Identifier: MIT
#pragma once
// Offline serving throughput (MLPerf "Offline"): every request is available at once, so each
// replica runs the largest batch its memory holds, with continuous batching. One request costs
// its prefill plus its share of the decode steps:
//   replica tokens/s = B x output / (B x t_prefill(1 prompt) + output x t_decode(B, mean context))
// with the mean context of a decode step = input + output/2. Data-parallel replicas add up.
// When no layout is given, every tp x pp x dp with tp dividing the heads is tried and the
// fastest kept: the layout search that deployment engineers do by hand.
#include <optional>
#include <vector>

#include "config/arch_spec.h"
#include "config/workload_spec.h"
#include "machine/machine.h"
#include "result/result.h"
#include "workload/scenario.h"

namespace xpu::serving {

struct OfflineRequest {
  int64_t chips = 1;
  std::optional<workload::Parallelism> parallel;  // searched when absent
  std::optional<int64_t> batch_per_replica;       // largest that fits when absent
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
};

struct OfflineResult {
  workload::Parallelism parallel;
  int64_t batch_per_replica = 0;
  double output_tokens_per_s = 0.0;  // the whole system
  double prefill_s_per_request = 0.0;
  double decode_step_s = 0.0;  // = time per output token of one user (TPOT)
  Result prefill;              // one request's prefill behind prefill_s_per_request
  Result decode;               // the decode step behind the numbers
  std::vector<std::string> layouts_tried;
};

// Largest batch per replica of layout `p` whose whole requests' KV cache fits; 0 if not one.
int64_t largest_batch(const config::ArchSpec& arch, const config::WorkloadSpec& w,
                      const OfflineRequest& req, const workload::Parallelism& p);

// Throws InfeasibleError when no layout fits.
OfflineResult offline_throughput(const config::ArchSpec& arch, const config::WorkloadSpec& w,
                                 const OfflineRequest& req);

}  // namespace xpu::serving
