// SPDX-License-Identifier: MIT
#include "sim/gpu/kernel_work.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "machine/gpu_kernel_rates.h"

namespace xpu::sim {

namespace {

double ceil_div(double a, double b) { return std::ceil(a / b); }

// Splits a tile's bytes into stages of about options.stage_bytes: enough stages that loading
// one overlaps computing the previous, few enough to keep transactions per tile bounded.
int64_t stages_for(double tile_bytes, const SimOptions& o) {
  const double s = std::ceil(tile_bytes / o.stage_bytes);
  return std::clamp<int64_t>(static_cast<int64_t>(s), 1, o.max_stages_per_tile);
}

// Streamed kernels: one column of tiles, each reading its own chunks.
void set_streamed_stages(KernelWork& w, double tile_bytes, double tile_unit_s, double tile_chip_s,
                         const SimOptions& o) {
  w.stages = stages_for(tile_bytes, o);
  const double n = static_cast<double>(w.stages);
  w.tiles_m = w.tiles;
  w.a_chunk_bytes = tile_bytes / n;
  w.stage_unit_s = tile_unit_s / n;
  w.stage_chip_s = tile_chip_s / n;
}

uint64_t spacing(double chunk_bytes) {
  return std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(chunk_bytes)));
}
uint64_t align(uint64_t bytes) { return (bytes + 4095) / 4096 * 4096; }

KernelWork gemm_work(const workload::Op& op, const machine::GpuRates& rates,
                     const config::GemmEfficiency& eff, const SimOptions& o) {
  const auto& g = *op.gemm;
  const double k = static_cast<double>(g.k);
  // The tile shape and K split the analytic model times (machine::pick_gemm_tile). Each split is
  // a group of its own over K / splits, so its A and B chunks are its own; it writes a partial
  // output tile.
  const machine::GemmTile pick = machine::pick_gemm_tile(eff, rates, g);
  const config::TileShape* best = pick.shape;
  if (best == nullptr)
    throw InfeasibleError(fmt::format("systemc engine: {} has no GEMM tile shapes", op.name));
  KernelWork w;
  w.tiles_m = static_cast<int64_t>(ceil_div(g.m, best->m));
  w.tiles_n = static_cast<int64_t>(ceil_div(g.n, best->n));
  const int64_t tiles = g.groups * w.tiles_m * w.tiles_n;
  const int64_t splits = pick.k_splits;
  w.tiles = tiles * splits;
  // The plan's activation bytes are A in and C out, both [m, k] and [m, n] in the activation
  // dtype; the weights are B. Each operand's bytes are spread evenly over its chunks.
  const double a_bytes = op.activation_bytes * k / (k + g.n);
  const double out_bytes = op.activation_bytes - a_bytes;
  const double rows = static_cast<double>(w.rows()), columns = static_cast<double>(w.columns());
  const double tile_flops = 2.0 * best->m * best->n * k / static_cast<double>(splits);
  w.stages = stages_for(a_bytes / rows + op.weight_bytes / columns, o);
  const double stages = static_cast<double>(w.stages);
  w.a_chunk_bytes = a_bytes / rows / stages;
  w.b_chunk_bytes = op.weight_bytes / columns / stages;
  w.out_tile_bytes =
      out_bytes / static_cast<double>(tiles);  // a split writes a whole tile of partials
  w.stage_unit_s =
      tile_flops / (eff.unit_tensor_efficiency * rates.unit_boost_peak_flops_per_s) / stages;
  w.stage_chip_s = tile_flops / (eff.chip_tensor_efficiency * rates.chip_peak_flops_per_s) / stages;
  w.dram_efficiency = eff.dram_efficiency;
  w.overhead_s = eff.kernel_overhead_s;
  w.tile_shape = splits > 1 ? fmt::format("{}x{}/k{}", best->m, best->n, splits)
                            : fmt::format("{}x{}", best->m, best->n);
  return w;
}

// Flash attention. Prefill: one tile per (sequence, KV-head group, block of query rows); the
// calibrated prefill efficiency is a chip-level figure, so it is spread evenly over the units.
// Decode: flash-decoding splits each (sequence, KV-head group) along the KV length so that the
// tiles fill the units; it streams the KV cache at the calibrated decode DRAM efficiency.
KernelWork attention_work(const workload::Op& op, const machine::GpuRates& rates,
                          const machine::Machine& m, const SimOptions& o) {
  const auto& eff = m.calibration;
  const auto& a = *op.attention;
  const double units = rates.units;
  const int64_t groups = a.batch * std::max<int64_t>(a.kv_heads, 1);
  KernelWork w;
  double unit_flops_per_s = 0.0;
  if (a.causal || a.query_len > 1) {
    const int64_t blocks = (a.query_len + o.attention_query_block - 1) / o.attention_query_block;
    w.tiles = groups * std::max<int64_t>(blocks, 1);
    unit_flops_per_s =
        eff.attention.prefill_tensor_efficiency * rates.chip_peak_flops_per_s / units;
    w.dram_efficiency = eff.gemm.dram_efficiency;
    w.overhead_s = eff.attention.prefill_overhead_s;
    w.tile_shape = fmt::format("q{}", o.attention_query_block);
  } else {
    const int64_t splits = std::clamp<int64_t>(static_cast<int64_t>(units) / groups, 1,
                                               std::max<int64_t>(a.kv_len / 64, 1));
    w.tiles = groups * splits;
    unit_flops_per_s = eff.gemm.chip_tensor_efficiency * rates.chip_peak_flops_per_s / units;
    w.dram_efficiency = eff.attention.decode_dram_efficiency;
    w.overhead_s = eff.attention.decode_overhead_s;
    w.tile_shape = fmt::format("kv/{}", splits);
  }
  const double tile_flops = op.flops / w.tiles;
  set_streamed_stages(w, op.bytes() / w.tiles, tile_flops / unit_flops_per_s, 0.0, o);
  return w;
}

// Element-wise kernels: chunks of the streamed bytes, vector FLOPs on the units. A kernel too
// small to give every unit a full chunk is spread over as many units as hold one block's
// bytes each, as a launch of many thread blocks is: one wave, not a few units' ports.
KernelWork elementwise_work(const workload::Op& op, const machine::GpuRates& rates,
                            const config::GpuEfficiencySpec& eff, const SimOptions& o) {
  const machine::StreamingRate rate = machine::streaming_rate(eff, rates, op);
  KernelWork w;
  const auto full_chunks = static_cast<int64_t>(ceil_div(op.bytes(), o.elementwise_chunk_bytes));
  const auto blocks = static_cast<int64_t>(ceil_div(op.bytes(), o.elementwise_block_bytes));
  w.tiles = std::max<int64_t>(
      1, std::max(full_chunks, std::min(blocks, static_cast<int64_t>(rates.units))));
  w.tiles_m = w.tiles;
  w.stages = 1;
  w.a_chunk_bytes = op.bytes() / w.tiles;
  w.stage_unit_s = op.flops / w.tiles / (rates.vector_flops_per_s / rates.units);
  w.dram_efficiency = rate.dram_efficiency;
  w.overhead_s = rate.overhead_s;
  w.tile_shape = "chunk";
  return w;
}

}  // namespace

double KernelWork::bytes() const {
  const double n = static_cast<double>(stages);
  return (static_cast<double>(rows()) * a_chunk_bytes +
          static_cast<double>(columns()) * b_chunk_bytes) *
             n +
         static_cast<double>(tiles) * out_tile_bytes;
}

int64_t KernelWork::row_of(int64_t tile) const {
  const int64_t group = tile / (tiles_m * tiles_n), local = tile % (tiles_m * tiles_n);
  return group * tiles_m + (tiles_m <= tiles_n ? local % tiles_m : local / tiles_n);
}

int64_t KernelWork::column_of(int64_t tile) const {
  const int64_t group = tile / (tiles_m * tiles_n), local = tile % (tiles_m * tiles_n);
  return group * tiles_n + (tiles_m <= tiles_n ? local / tiles_m : local % tiles_n);
}

uint64_t KernelWork::a_address(int64_t tile, int64_t stage) const {
  return static_cast<uint64_t>(row_of(tile) * stages + stage) * spacing(a_chunk_bytes);
}

uint64_t KernelWork::b_address(int64_t tile, int64_t stage) const {
  const uint64_t a_span = align(static_cast<uint64_t>(rows() * stages) * spacing(a_chunk_bytes));
  return a_span + static_cast<uint64_t>(column_of(tile) * stages + stage) * spacing(b_chunk_bytes);
}

uint64_t KernelWork::out_address(int64_t tile) const {
  return b_address(0, 0) +
         align(static_cast<uint64_t>(columns() * stages) * spacing(b_chunk_bytes)) +
         static_cast<uint64_t>(tile) * spacing(out_tile_bytes);
}

uint64_t KernelWork::address_span() const { return align(out_address(tiles)); }

OperandRead KernelWork::a_read(int64_t tile, int64_t stage) const {
  if (tiles_m <= tiles_n) return {a_address(tile, stage), a_chunk_bytes};  // clusters share B
  return shared_part(a_address(tile, stage), a_chunk_bytes, column_of(tile) % tiles_n, tiles_n);
}

OperandRead KernelWork::b_read(int64_t tile, int64_t stage) const {
  if (tiles_m > tiles_n) return {b_address(tile, stage), b_chunk_bytes};  // clusters share A
  return shared_part(b_address(tile, stage), b_chunk_bytes, row_of(tile) % tiles_m, tiles_m);
}

// Clusters lie along the raster's short side, `side` tiles long: position p belongs to cluster
// p / cluster as member p % cluster. A short side of fewer tiles than a cluster, or the
// incomplete last cluster of a side, shares nothing (the library pads the grid instead).
OperandRead KernelWork::shared_part(uint64_t chunk_address, double chunk_bytes, int64_t position,
                                    int64_t side) const {
  if (cluster <= 1 || position >= side - side % cluster) return {chunk_address, chunk_bytes};
  const double part = chunk_bytes / static_cast<double>(cluster);
  const auto member = static_cast<uint64_t>(position % cluster);
  return {chunk_address + member * static_cast<uint64_t>(std::ceil(part)), part};
}

KernelWork kernel_work(const workload::Op& op, const machine::Machine& machine,
                       const SimOptions& options) {
  const auto& arch = *machine.arch;
  const auto& efficiency = machine.calibration;
  if (!machine.kernel_by_kernel()) {
    throw InfeasibleError(fmt::format("systemc engine: only the gpu family is modelled, {} is {}",
                                      arch.id, config::name_of(arch.family)));
  }
  const auto rates = machine::GpuRates::of(arch, op.compute_dtype);
  KernelWork w;
  switch (op.kind) {
    case workload::OpKind::kGemm:
      w = gemm_work(op, rates, efficiency.gemm_for(op.compute_dtype), options);
      if (arch.l2) w.cluster = std::max<int64_t>(arch.l2->multicast_units, 1);
      break;
    case workload::OpKind::kAttention: w = attention_work(op, rates, machine, options); break;
    case workload::OpKind::kElementwise:
      w = elementwise_work(op, rates, efficiency, options);
      break;
    case workload::OpKind::kCollective:
      throw InfeasibleError(
          fmt::format("systemc engine: {} is a collective, not a kernel", op.name));
  }
  w.name = op.name;
  return w;
}

}  // namespace xpu::sim
