// SPDX-License-Identifier: MIT
// Software profiles (docs/gpu_software.md): the element-wise kernels eager PyTorch runs, counted
// against a closed form of the steps it writes, and how their measured rates carry between GPUs.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "analytical/evaluate.h"
#include "common/error.h"
#include "compiler/plan.h"
#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "config/resolve.h"
#include "machine/gpu_kernel_rates.h"
#include "machine/machine.h"
#include "test_paths.h"
#include "workload/transformer.h"

using namespace xpu;

namespace {

config::WorkloadSpec llama(config::Software software) {
  auto w = config::load_workload(test::repo("workloads/llama3_8b.toml"));
  w.software = software;
  return w;
}

workload::Scenario prefill(int64_t prompt) {
  workload::Scenario s;
  s.phase = workload::Phase::kPrefill;
  s.prompt = prompt;
  s.layers = 1;
  return s;
}

struct ElementwiseTotals {
  int kernels = 0;
  double activation_bytes = 0.0;
  double kv_write_bytes = 0.0;
};

// The decoder layer's element-wise kernels (embedding and final norm left out).
ElementwiseTotals layer_elementwise(const workload::OperatorGraph& g) {
  ElementwiseTotals t;
  for (const auto& op : g.ops) {
    if (op.kind != workload::OpKind::kElementwise ||
        (op.name.rfind("layer.", 0) != 0 && op.name.rfind("mlp.", 0) != 0))
      continue;
    ++t.kernels;
    t.activation_bytes += op.activation_bytes;
    t.kv_write_bytes += op.kv_write_bytes;
  }
  return t;
}

}  // namespace

// Llama 3 8B, T tokens, bf16: h = q = 4096 T, k = v = 1024 T, f = 14336 T elements.
// Eager: two norms (read h, write h), two residual adds (2h, h), RoPE on q and on k (neg over
// half, cat, two muls, add: 5.5 reads + 4.5 writes per element), the k and v slice copies (read
// k and v), silu (f, f) and mul (2f, f): 4h + 6h + 10q + 10k + 2k + 5f elements.
// Fused: two fused add+norms (4h each), RoPE+cache write (q and k in and out), silu_mul (3f).
TEST_CASE(
    "software: eager Llama-3-8B layer has 18 element-wise kernels with the closed-form bytes") {
  const int64_t t = 2048;
  const double h = 4096.0 * t, q = h, k = 1024.0 * t, f = 14336.0 * t, bf16 = 2.0;
  const auto eager =
      layer_elementwise(workload::build_graph(llama(config::Software::kEager), prefill(t)));
  const auto fused =
      layer_elementwise(workload::build_graph(llama(config::Software::kFused), prefill(t)));
  const double eager_expected = (4 * h + 6 * h + 10 * q + 10 * k + 2 * k + 5 * f) * bf16;
  const double fused_expected = (8 * h + 2 * (q + k) + 3 * f) * bf16;
  MESSAGE(
      fmt::format("eager {} kernels {:.1f} MB (expected {:.1f}); fused {} kernels {:.1f} MB "
                  "(expected {:.1f})",
                  eager.kernels, eager.activation_bytes / 1e6, eager_expected / 1e6, fused.kernels,
                  fused.activation_bytes / 1e6, fused_expected / 1e6));
  CHECK(eager.kernels == 18);
  CHECK(fused.kernels == 4);
  CHECK(eager.activation_bytes == doctest::Approx(eager_expected).epsilon(1e-12));
  CHECK(fused.activation_bytes == doctest::Approx(fused_expected).epsilon(1e-12));
  // Both write the new k and v into the cache once.
  CHECK(eager.kv_write_bytes == doctest::Approx(2 * k * bf16).epsilon(1e-12));
  CHECK(fused.kv_write_bytes == doctest::Approx(2 * k * bf16).epsilon(1e-12));
}

// The access classes carry to another GPU by different datasheet rates: a contiguous kernel by
// DRAM bandwidth, a strided one by the vector issue rate. The H100 and H200 share the GH100's SMs
// and clock (66.9 TFLOP/s vector) and differ in bandwidth (3.35 vs 4.8 TB/s).
TEST_CASE(
    "software: an eager strided kernel takes the same time on the H100 and the H200, a "
    "contiguous one scales with their DRAM bandwidth") {
  const auto h100 = config::load_arch(test::repo("archs/h100_sxm.toml"));
  const auto h200 = config::load_arch(test::repo("archs/h200.toml"));
  const auto g = workload::build_graph(llama(config::Software::kEager), prefill(8192));
  const auto time_of = [&](const config::ArchSpec& arch, const std::string& name) {
    for (const auto& op : g.ops) {
      if (op.name == name) {
        return machine::streaming_time(config::efficiency_for(arch),
                                       machine::GpuRates::of(arch, DType::kBf16), op);
      }
    }
    FAIL("no op " << name);
    return machine::KernelTime{};
  };
  const auto strided_h100 = time_of(h100, "layer.rope_q_cat");
  const auto strided_h200 = time_of(h200, "layer.rope_q_cat");
  const auto contiguous_h100 = time_of(h100, "mlp.mul");
  const auto contiguous_h200 = time_of(h200, "mlp.mul");
  MESSAGE(fmt::format("rope_q_cat {:.1f} / {:.1f} us, mul {:.1f} / {:.1f} us (H100 / H200)",
                      strided_h100.time_s * 1e6, strided_h200.time_s * 1e6,
                      contiguous_h100.time_s * 1e6, contiguous_h200.time_s * 1e6));
  CHECK(strided_h100.time_s == doctest::Approx(strided_h200.time_s).epsilon(1e-9));
  CHECK(contiguous_h100.memory_s / contiguous_h200.memory_s ==
        doctest::Approx(4.8 / 3.35).epsilon(1e-9));
}

// An eager norm is one block per row, so its fixed cost is the class's plus one row's bytes, read
// and written, at one block's walking rate: one token of Llama 3 8B (4,096 wide, bf16) walks
// 2 x 4,096 x 2 = 16 KB, one of 70B (8,192 wide) 32 KB. Fused norms keep the GEMM's fixed cost.
TEST_CASE(
    "software: an eager norm's fixed cost is the class's plus its row at the block's walking "
    "rate") {
  const auto h100 = config::load_arch(test::repo("archs/h100_sxm.toml"));
  const auto eff = config::efficiency_for(h100);
  const auto rates = machine::GpuRates::of(h100, DType::kBf16);
  for (const auto& [file, width] : {std::pair{"workloads/llama3_8b.toml", 4096.0},
                                    std::pair{"workloads/llama3_70b.toml", 8192.0}}) {
    for (const auto software : {config::Software::kEager, config::Software::kFused}) {
      auto w = config::load_workload(test::repo(file));
      w.software = software;
      const auto g = workload::build_graph(w, prefill(1));
      int norms = 0;
      for (const auto& op : g.ops) {
        if (op.name != "layer.input_norm") continue;
        ++norms;
        const auto rate = machine::streaming_rate(eff, rates, op);
        if (software == config::Software::kFused) {
          CHECK(rate.overhead_s == eff.gemm.kernel_overhead_s);
          continue;
        }
        CHECK(op.row_bytes == doctest::Approx(2.0 * width * 2.0).epsilon(1e-12));
        CHECK(rate.overhead_s ==
              doctest::Approx(eff.elementwise.row_reduction_overhead_s +
                              2.0 * width * 2.0 / eff.elementwise.row_reduction_row_bytes_per_s)
                  .epsilon(1e-12));
      }
      CHECK(norms == 1);
    }
  }
}

TEST_CASE("software: eager is refused on a chip that is not a GPU") {
  const auto groq = config::load_arch(test::repo("archs/groq_lpu.toml"));
  CHECK_THROWS_AS(
      config::with_software(groq, llama(config::Software::kFused), config::Software::kEager),
      InfeasibleError);
}

TEST_CASE("software: eager prefill is slower than fused by its extra element-wise traffic") {
  const auto arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  auto run = [&](config::Software software) {
    const auto w =
        config::with_software(arch, config::resolve_workload(arch, llama(software)), software);
    return analytical::evaluate(compiler::compile(machine::resolve(arch), w, prefill(2048)));
  };
  const auto eager = run(config::Software::kEager), fused = run(config::Software::kFused);
  // The bytes eager adds (closed form above, less fused's) at the datasheet bandwidth bound the
  // difference from below: kernel gaps add to it, fused's 6.5 us overheads on 4 kernels less.
  const double h = 4096.0 * 2048, k = 1024.0 * 2048, f = 14336.0 * 2048;
  const double extra_bytes =
      ((10 * h + 10 * h + 12 * k + 5 * f) - (8 * h + 2 * (h + k) + 3 * f)) * 2.0;
  const double extra_lower_s = extra_bytes / (3.35e12) - 4 * 6.5e-6;
  MESSAGE(fmt::format("fused {:.3f} ms eager {:.3f} ms (+{:.1f}%); extra traffic alone {:.3f} ms",
                      fused.latency_s * 1e3, eager.latency_s * 1e3,
                      100.0 * (eager.latency_s / fused.latency_s - 1.0), extra_lower_s * 1e3));
  CHECK(eager.latency_s - fused.latency_s >= extra_lower_s);
}
