// SPDX-License-Identifier: MIT
#include "machine/static_schedule.h"

#include <algorithm>
#include <cmath>

#include "machine/collectives.h"

namespace xpu::machine {

StaticScheduleRates StaticScheduleRates::of(const config::ArchSpec& arch) {
  StaticScheduleRates r;
  r.arch = &arch;
  if (arch.dram)
    r.dram_bytes_per_s = arch.dram->bandwidth_bytes_per_s * arch.dram->streaming_efficiency;
  return r;
}

double StaticScheduleRates::bytes_per_s(Residence where) const {
  switch (where) {
    case Residence::kSram: return arch->sram->bandwidth_bytes_per_s;
    case Residence::kDram: return dram_bytes_per_s;
    case Residence::kSilicon: return arch->silicon_model->weight_read_bytes_per_s;
  }
  return 0.0;
}

double StaticScheduleRates::flops_per_s(const workload::Op& op) const {
  return op.kind == workload::OpKind::kElementwise
             ? arch->compute.vector_flops_per_s
             : arch->compute.matmul_utilization * arch->dense_peak_flops_per_s(op.compute_dtype);
}

double StaticScheduleRates::install_bytes(const workload::Op& op) const {
  return op.kind == workload::OpKind::kGemm && arch->compute.weight_install_bytes_per_s > 0.0
             ? op.weight_bytes
             : 0.0;
}

int64_t layer_group_chips(const Mapping& map) {
  return static_cast<int64_t>(std::ceil(map.chips_per_layer - 1e-9));
}

namespace {

// The partial outputs a split GEMM reduces.
double gemm_output_bytes(const workload::Op& op, DType activations) {
  const auto& g = *op.gemm;
  return static_cast<double>(g.groups) * g.m * g.n * bytes_per_element(activations);
}

// Cores along one row of the wafer's mesh.
double mesh_row_cores(const config::MeshSpec& mesh) {
  return std::sqrt(static_cast<double>(mesh.cores));
}

// Reduction of a GEMM's partial outputs after it is split across chips or mesh cores.
double reduction_time_s(const workload::Op& op, const config::ArchSpec& arch, const Mapping& map,
                        DType activations) {
  if (op.kind != workload::OpKind::kGemm) return 0.0;
  const double out_bytes = gemm_output_bytes(op, activations);
  double t = 0.0;
  if (arch.mesh) {
    // The operator covers the whole mesh; partial sums travel along a row of sqrt(cores) cores
    // (reduce) and back (broadcast), every row in parallel.
    const double row = mesh_row_cores(*arch.mesh);
    t += 2.0 * row * arch.mesh->hop_latency_s +
         out_bytes / (row * arch.mesh->core_link_bandwidth_bytes_per_s);
  }
  if (const int64_t chips = layer_group_chips(map); chips > 1 && arch.links) {
    t += collective_cost({workload::CollectiveKind::kAllReduce, out_bytes, chips}, *arch.links)
             .time_s();
  }
  return t;
}

}  // namespace

double mesh_reduction_byte_hops(const workload::Op& op, const config::ArchSpec& arch,
                                DType activations) {
  if (op.kind != workload::OpKind::kGemm || !arch.mesh) return 0.0;
  // Each of the row's cores-1 links carries the row's share (output / rows) once each way; over
  // all rows that is 2 (cores per row - 1) x the output.
  return 2.0 * (mesh_row_cores(*arch.mesh) - 1.0) * gemm_output_bytes(op, activations);
}

KernelTime static_op_time(const Machine& machine, const Mapping& map, DType activations,
                          const workload::Op& op) {
  const auto& arch = *machine.arch;
  const auto rates = StaticScheduleRates::of(arch);
  const double group = map.chips_per_layer;
  KernelTime t;
  t.compute_s = t.ideal_compute_s = op.flops / (rates.flops_per_s(op) * group);

  // Streamed weights come from one external store shared by all chips; everything else from
  // the memory of the chips holding the operator.
  double weight_s = 0.0;
  if (map.weights == Residence::kDram && map.weights_streamed) {
    weight_s = op.weight_bytes / rates.dram_bytes_per_s;
  } else {
    weight_s = op.weight_bytes / (rates.bytes_per_s(map.weights) * group);
  }
  const double kv_s =
      (op.kv_read_bytes + op.kv_write_bytes) / (rates.bytes_per_s(map.kv_cache) * group);
  // Activations stay on chip between fused operators; where the chip has SRAM they cost its
  // bandwidth, on a hardwired datapath they flow register to register.
  const double act_s =
      arch.sram ? op.activation_bytes / (rates.bytes_per_s(Residence::kSram) * group) : 0.0;
  double install_s = 0.0;
  if (const double bytes = rates.install_bytes(op); bytes > 0.0)
    install_s = bytes / (arch.compute.weight_install_bytes_per_s * group);
  t.memory_s = std::max(weight_s + kv_s + act_s, install_s);
  t.overhead_s = reduction_time_s(op, arch, map, activations);
  t.time_s = std::max(t.compute_s, t.memory_s) + t.overhead_s;
  return t;
}

Bound static_op_bound(const KernelTime& t) {
  const Bound b = t.bound();
  return b == Bound::kOverhead ? Bound::kNetwork : b;
}

}  // namespace xpu::machine
