// SPDX-License-Identifier: MIT
#include "sim/spatial/wafer_granules.h"

#include <algorithm>
#include <cmath>

namespace xpu::sim {

namespace {

int64_t ceil_div(double a, double b) {
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(a / b - 1e-9)));
}

// `coarse` granules, each cut into up to `split_max` pieces along the op's reduction dimension
// while every piece still has a core of its own: splitting adds partial sums to reduce, so a
// compiler splits only as far as there are cores to run the pieces.
int64_t split(int64_t coarse, int64_t split_max, int64_t cores) {
  return coarse * std::clamp<int64_t>(cores / coarse, 1, split_max);
}

}  // namespace

int64_t granules_of(const workload::Op& op, const compiler::Plan& plan, int64_t cores,
                    int64_t micro_batches, int64_t granule_elements) {
  const auto w = static_cast<double>(granule_elements);
  const auto m = static_cast<double>(micro_batches);
  if (op.gemm) {
    const auto& g = *op.gemm;
    return split(g.groups * ceil_div(static_cast<double>(g.n), w),
                 ceil_div(static_cast<double>(g.k), w), cores);
  }
  if (op.attention) {
    const auto& a = *op.attention;
    const int64_t sequences = ceil_div(static_cast<double>(a.batch), m);
    const int64_t coarse = sequences * a.kv_heads * ceil_div(static_cast<double>(a.query_len), w);
    const int64_t kv_tiles = ceil_div(static_cast<double>(a.kv_len), w) *
                             ceil_div(static_cast<double>(a.qk_head_dim), w);
    return split(coarse, kv_tiles, cores);
  }
  const double elements =
      op.activation_bytes / m / bytes_per_element(plan.workload->dtypes.activations);
  return ceil_div(elements, w);
}

std::vector<RegionLoad> region_loads(int64_t granules, int64_t cores, int64_t regions) {
  const int64_t per_core = granules / cores,
                extra = granules % cores;  // cores [0, extra) hold one more
  const double mean_core = static_cast<double>(granules) / static_cast<double>(cores);
  const double mean_region = static_cast<double>(granules) / static_cast<double>(regions);
  std::vector<RegionLoad> loads(regions);
  for (int64_t r = 0; r < regions; ++r) {
    const int64_t first = r * cores / regions, end = (r + 1) * cores / regions;
    const int64_t most = per_core + (first < extra ? 1 : 0);
    const int64_t held =
        (end - first) * per_core + std::clamp<int64_t>(extra - first, 0, end - first);
    loads[r] = {static_cast<double>(most) / mean_core, static_cast<double>(held) / mean_region};
  }
  return loads;
}

}  // namespace xpu::sim
