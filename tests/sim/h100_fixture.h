// SPDX-License-Identifier: MIT
#pragma once
// What the GPU simulation tests share: an H100 with its calibration and a resolved workload,
// and a plan holding one bf16 GEMM as a single kernel.
#include <fmt/format.h>

#include <string>

#include "compiler/plan.h"
#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "config/resolve.h"
#include "config/workload_spec.h"
#include "test_paths.h"

namespace xpu::test {

struct H100 {
  explicit H100(const std::string& workload_id = "llama3_8b")
      : llama(config::resolve_workload(
            arch, config::load_workload(repo("workloads/" + workload_id + ".toml")), {})) {}
  config::ArchSpec arch = config::load_arch(repo("archs/h100_sxm.toml"));
  config::GpuEfficiencySpec eff = config::efficiency_for(arch);
  config::WorkloadSpec llama;
};

// [m,k] x [k,n] with the weights k x n, activations in and out.
inline workload::Op gemm_op(int64_t m, int64_t k, int64_t n) {
  workload::Op op;
  op.name = fmt::format("gemm_{}x{}x{}", m, k, n);
  op.kind = workload::OpKind::kGemm;
  op.flops = 2.0 * m * k * n;
  op.weight_bytes = 2.0 * k * n;
  op.activation_bytes = 2.0 * (m * k + m * n);
  op.gemm = workload::GemmShape{m, k, n, 1};
  return op;
}

// A plan holding that GEMM alone on `arch`.
inline compiler::Plan gemm_plan(const config::ArchSpec& arch, const config::WorkloadSpec& workload,
                                int64_t m, int64_t k, int64_t n) {
  compiler::Plan p;
  p.machine = machine::resolve(arch);
  p.arch = &arch;
  p.workload = &workload;
  p.scenario.batch = m;
  p.ops = {gemm_op(m, k, n)};
  p.layers_evaluated = 1;
  return p;
}

}  // namespace xpu::test
