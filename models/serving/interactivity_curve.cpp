// SPDX-License-Identifier: MIT
#include "serving/interactivity_curve.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/error.h"
#include "serving/offline.h"

namespace xpu::serving {

namespace {

// Batches 1, 2, 4 ... below the largest that fits, and that largest.
std::vector<int64_t> batches_up_to(int64_t largest) {
  std::vector<int64_t> out;
  for (int64_t b = 1; b < largest; b *= 2) out.push_back(b);
  out.push_back(largest);
  return out;
}

void mark_front(std::vector<CurvePoint>& points) {
  for (auto& p : points) {
    p.on_front = std::none_of(points.begin(), points.end(), [&](const CurvePoint& q) {
      const bool no_worse = q.output_tokens_per_s_per_chip >= p.output_tokens_per_s_per_chip &&
                            q.tokens_per_s_per_user >= p.tokens_per_s_per_user;
      const bool better = q.output_tokens_per_s_per_chip > p.output_tokens_per_s_per_chip ||
                          q.tokens_per_s_per_user > p.tokens_per_s_per_user;
      return no_worse && better;
    });
  }
}

}  // namespace

InteractivityCurve interactivity_curve(const config::ArchSpec& arch,
                                       const config::WorkloadSpec& workload, int64_t input_tokens,
                                       int64_t output_tokens, int64_t max_chips,
                                       const Engine& engine) {
  InteractivityCurve c;
  c.arch = arch.id;
  // Data-parallel replicas repeat one replica's point per chip and per user, so only the
  // tensor-parallel splits of one replica are points of the curve.
  for (int64_t chips = 1; chips <= max_chips; chips *= 2) {
    if (workload.heads % chips != 0) continue;
    {
      const workload::Parallelism layout{chips, 1, 1, 1};
      OfflineRequest req;
      req.chips = chips;
      req.parallel = layout;
      req.input_tokens = input_tokens;
      req.output_tokens = output_tokens;
      req.engine = engine;
      const int64_t largest = largest_batch(arch, workload, req, layout);
      if (largest < 1) continue;
      for (int64_t b : batches_up_to(largest)) {
        req.batch_per_replica = b;
        const auto r = offline_throughput(arch, workload, req);
        CurvePoint p;
        p.parallel = layout;
        // An SRAM-only or wafer-scale replica takes the chips its weights need.
        p.chips = std::max(chips, r.decode.chips * layout.dp);
        p.batch_per_replica = b;
        p.output_tokens_per_s_per_chip = r.output_tokens_per_s / static_cast<double>(p.chips);
        p.tokens_per_s_per_user = 1.0 / r.decode_step_s;
        p.ttft_s = r.prefill_s_per_request;
        p.energy_j_per_output_token = r.energy_j_per_output_token;
        c.points.push_back(p);
      }
    }
  }
  if (c.points.empty()) {
    throw InfeasibleError(
        fmt::format("{} on up to {} x {}: no layout fits", workload.name, max_chips, arch.id));
  }
  mark_front(c.points);
  return c;
}

}  // namespace xpu::serving
