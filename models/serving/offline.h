// SPDX-License-Identifier: MIT
#pragma once
// Offline serving throughput (MLPerf "Offline"): every request is available at once, so each
// replica runs the largest batch B its memory holds, with continuous batching. In the steady
// state every iteration generates one token for each of the B sequences at the mean context
// (input + output/2) and prefills the x = B / output prompts of the requests that replace those
// finishing, fused into the same iteration as the serving simulator fuses them: one engine
// step whose GEMMs take the B + n x input tokens (workload::Scenario::fused_prefill):
//   replica tokens/s = B / t(iteration),
//   t(n prompts) = the step of B decoding sequences at the mean context with n whole prompts,
// interpolated linearly between the whole numbers of prompts either side of x (t(0) = the
// decode alone). A family that lays out its layers itself takes the chips its heaviest such
// iteration needs. A pipeline-parallel replica runs B as pp micro-batches of B / pp in flight,
// each iterating at the engine's step time of its share (the sum of the stages), so it makes
// B / t(B / pp micro-batch iteration) tokens/s (serving/step_time.h, micro_batch_cost).
// Data-parallel replicas add up. When no layout is given, every tp x dp with tp dividing the
// heads is tried and the fastest kept: the layout search that deployment engineers do by hand
// (pp runs only when a layout names it).
#include <optional>
#include <vector>

#include "analytical/evaluate.h"
#include "config/arch_spec.h"
#include "config/workload_spec.h"
#include "machine/machine.h"
#include "result/engine.h"
#include "result/result.h"
#include "workload/scenario.h"

namespace xpu::serving {

struct OfflineRequest {
  int64_t chips = 1;
  std::optional<workload::Parallelism> parallel;  // searched when absent
  std::optional<int64_t> batch_per_replica;       // largest that fits when absent
  std::optional<int64_t> max_batch_per_replica;   // a serving engine's cap, per micro-batch
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  // What times each step: the analytic engine, or the SystemC simulation (`serve --engine`).
  Engine engine = analytical::evaluate;
};

struct OfflineResult {
  workload::Parallelism parallel;
  int64_t batch_per_replica = 0;
  double output_tokens_per_s = 0.0;        // the whole system
  double prefill_s_per_request = 0.0;      // one prompt prefilled alone: TTFT on an idle replica
  int64_t prefill_tokens_per_step = 0;     // prompt tokens fused into each iteration, B x in / out
  double decode_step_s = 0.0;              // one micro-batch's fused iteration = a user's TPOT
  double energy_j_per_output_token = 0.0;  // the chips' energy over an iteration / B
  Result prefill;                          // one request's prefill behind prefill_s_per_request
  Result decode;  // one micro-batch's decode step of every replica, unfused (B / pp x dp)
  std::vector<std::string> layouts_tried;
};

// Chips one replica of `r` uses: tp x pp on a GPU, or the chips the compiler spread the model
// over for a family that lays its layers out itself (SRAM-only, wafer-scale, model in silicon).
int64_t chips_per_replica(const OfflineResult& r);

// Largest batch per replica of layout `p` whose whole requests' KV cache fits; 0 if not one.
int64_t largest_batch(const config::ArchSpec& arch, const config::WorkloadSpec& w,
                      const OfflineRequest& req, const workload::Parallelism& p);

// The layouts the offline search tries for `req` (its own when it names one): every tp x dp over
// the chips with tp a power of two dividing the heads, or the system's one layout for a family
// that lays out its layers itself. The SLO search (serving/max_rate.h) tries the same ones.
std::vector<workload::Parallelism> offline_layouts(const config::ArchSpec& arch,
                                                   const config::WorkloadSpec& w,
                                                   const OfflineRequest& req);

// Throws InfeasibleError when no layout fits.
OfflineResult offline_throughput(const config::ArchSpec& arch, const config::WorkloadSpec& w,
                                 const OfflineRequest& req);

}  // namespace xpu::serving
