// SPDX-License-Identifier: MIT
#include "machine/gpu_kernel_rates.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace xpu::machine {

namespace {

double ceil_div(double a, double b) { return std::ceil(a / b); }

KernelTime combine(double ideal_compute_s, double compute_s, double memory_s, double overhead_s,
                   double p) {
  KernelTime t;
  t.ideal_compute_s = ideal_compute_s;
  t.compute_s = compute_s;
  t.memory_s = memory_s;
  t.overhead_s = overhead_s;
  double hi = std::max(compute_s, memory_s);
  double lo = std::min(compute_s, memory_s);
  // (hi^p + lo^p)^(1/p) written to stay finite for large p.
  double overlapped = hi > 0.0 ? hi * std::pow(1.0 + std::pow(lo / hi, p), 1.0 / p) : 0.0;
  t.time_s = overlapped + overhead_s;
  return t;
}

}  // namespace

GpuRates GpuRates::of(const config::ArchSpec& arch, DType compute) {
  GpuRates r;
  r.units = static_cast<double>(arch.compute.units);
  r.chip_peak_flops_per_s = arch.dense_peak_flops_per_s(compute);
  r.unit_boost_peak_flops_per_s = r.chip_peak_flops_per_s / r.units *
                                  (arch.compute.boost_clock_hz / arch.compute.tensor_clock_hz);
  r.dram_bytes_per_s = arch.dram->bandwidth_bytes_per_s;
  r.vector_flops_per_s = arch.compute.vector_flops_per_s;
  r.tiles = &arch.compute.gemm_tiles;
  return r;
}

Bound KernelTime::bound() const {
  // Padding waste counts as its own cause: a 1-row GEMM computes a whole 64-row tile.
  const double quantisation_s = compute_s - ideal_compute_s;
  const double largest = std::max({ideal_compute_s, memory_s, overhead_s, quantisation_s});
  if (largest == memory_s) return Bound::kMemory;
  if (largest == ideal_compute_s) return Bound::kCompute;
  if (largest == quantisation_s) return Bound::kQuantisation;
  return Bound::kOverhead;
}

GemmTile pick_gemm_tile(const config::GemmEfficiency& eff, const GpuRates& rates,
                        const workload::GemmShape& shape) {
  // A split part covers at least this much of K, so that its partial tile is worth writing.
  constexpr int64_t kSplitKMinK = 512;
  const double k = static_cast<double>(shape.k);
  GemmTile best{nullptr, std::numeric_limits<double>::infinity()};
  for (const auto& tile : *rates.tiles) {
    if (tile.skinny && shape.m > tile.m) continue;
    const double tm = static_cast<double>(tile.m);
    const double tn = static_cast<double>(tile.n);
    const double tiles_m = ceil_div(shape.m, tm);
    const double output_tiles = shape.groups * tiles_m * ceil_div(shape.n, tn);
    int64_t splits = 1;
    if (tiles_m == 1.0 && output_tiles < rates.units) {
      splits = std::clamp<int64_t>(static_cast<int64_t>(rates.units / output_tiles), 1,
                                   std::max<int64_t>(shape.k / kSplitKMinK, 1));
    }
    const double tiles = output_tiles * static_cast<double>(splits);
    const double waves = ceil_div(tiles, rates.units);
    const double tile_flops = 2.0 * tm * tn * k / static_cast<double>(splits);
    const double unit_limited =
        waves * tile_flops / (eff.unit_tensor_efficiency * rates.unit_boost_peak_flops_per_s);
    const double chip_limited =
        tiles * tile_flops / (eff.chip_tensor_efficiency * rates.chip_peak_flops_per_s);
    if (const double s = std::max(unit_limited, chip_limited); s < best.compute_s)
      best = {&tile, s, splits};
  }
  return best;
}

KernelTime gemm_time(const config::GemmEfficiency& eff, const GpuRates& rates,
                     const workload::GemmShape& shape, double bytes) {
  const double k = static_cast<double>(shape.k);
  const double compute_s = pick_gemm_tile(eff, rates, shape).compute_s;
  const double memory_s = bytes / (eff.dram_efficiency * rates.dram_bytes_per_s);
  const double ideal_s = 2.0 * shape.groups * static_cast<double>(shape.m) * shape.n * k /
                         (eff.chip_tensor_efficiency * rates.chip_peak_flops_per_s);
  return combine(ideal_s, compute_s, memory_s, eff.kernel_overhead_s, eff.overlap_exponent);
}

KernelTime attention_time(const config::GpuEfficiencySpec& eff, const GpuRates& rates,
                          const workload::AttentionShape& shape, double flops, double bytes) {
  const auto& a = eff.attention;
  if (shape.causal || shape.query_len > 1) {
    const double compute_s = flops / (a.prefill_tensor_efficiency * rates.chip_peak_flops_per_s);
    return combine(compute_s, compute_s,
                   bytes / (eff.gemm.dram_efficiency * rates.dram_bytes_per_s),
                   a.prefill_overhead_s, eff.gemm.overlap_exponent);
  }
  const double compute_s = flops / (eff.gemm.chip_tensor_efficiency * rates.chip_peak_flops_per_s);
  return combine(compute_s, compute_s, bytes / (a.decode_dram_efficiency * rates.dram_bytes_per_s),
                 a.decode_overhead_s, eff.gemm.overlap_exponent);
}

StreamingRate streaming_rate(const config::GpuEfficiencySpec& eff, const GpuRates& rates,
                             const workload::Op& op) {
  if (op.software == config::Software::kFused)
    return {eff.gemm.dram_efficiency, eff.gemm.kernel_overhead_s};
  const auto& e = eff.elementwise;
  switch (op.access) {
    case workload::Access::kContiguous:
      return {e.contiguous_dram_efficiency, e.contiguous_overhead_s};
    case workload::Access::kRowReduction:
      return {e.row_reduction_dram_efficiency,
              e.row_reduction_overhead_s + op.row_bytes / e.row_reduction_row_bytes_per_s};
    case workload::Access::kStrided:
      // Issue-bound, as a fraction of DRAM bandwidth so that both engines stream it alike.
      return {std::min(e.strided_bytes_per_vector_flop * rates.vector_flops_per_s /
                           rates.dram_bytes_per_s,
                       e.contiguous_dram_efficiency),
              e.strided_overhead_s};
  }
  return {};
}

KernelTime streaming_time(const config::GpuEfficiencySpec& eff, const GpuRates& rates,
                          const workload::Op& op) {
  const double compute_s = op.flops / rates.vector_flops_per_s;
  const double bytes = op.bytes();
  const StreamingRate rate = streaming_rate(eff, rates, op);
  return combine(compute_s, compute_s, bytes / (rate.dram_efficiency * rates.dram_bytes_per_s),
                 rate.overhead_s, eff.gemm.overlap_exponent);
}

}  // namespace xpu::machine
