// SPDX-License-Identifier: MIT
#include "calibration/fit_gpu.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "calibration/nelder_mead.h"
#include "common/error.h"
#include "common/units.h"
#include "config/workload_spec.h"
#include "machine/gpu_kernel_rates.h"
#include "workload/transformer.h"

namespace xpu::calibration {

namespace {

constexpr double kAnomalyMargin = 1.15;
constexpr double kFlatWorkRatio = 4.0;
constexpr double kBf16Bytes = 2.0;  // every microbenchmark ran in bf16

double loss_of(const std::vector<Prediction>& predictions) {
  double sum = 0.0;
  int n = 0;
  for (const auto& p : predictions) {
    if (p.excluded) continue;
    sum += std::pow(std::abs(std::log(p.predicted_s / p.measured_s)), 3.0);
    ++n;
  }
  return n ? sum / n : 0.0;
}

workload::AttentionShape shape_of(const AttentionSample& s) {
  workload::AttentionShape a;
  a.batch = s.batch;
  a.query_len = s.query_len;
  a.kv_len = s.kv_len;
  a.heads = s.heads;
  a.kv_heads = s.kv_heads;
  a.qk_head_dim = s.head_dim;
  a.v_head_dim = s.head_dim;
  a.causal = s.query_len > 1;
  return a;
}

// Parameters outside their physical range make the loss infinite, so the simplex stays inside.
bool plausible_efficiency(double e) { return e > 0.05 && e <= 1.0; }

// The eager graph ops each measured element-wise step is: an exact name, or a prefix ending in
// '_' for RoPE's five kernels.
const std::vector<std::pair<std::string, std::vector<std::string>>>& eager_ops_of_steps() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> steps = {
      {"rms_norm", {"layer.input_norm"}},
      {"residual_add", {"layer.attention_residual_add"}},
      {"rope_q", {"layer.rope_q_"}},
      {"rope_k", {"layer.rope_k_"}},
      {"kv_cache_write", {"layer.k_cache_write", "layer.v_cache_write"}},
      {"silu", {"mlp.silu"}},
      {"mul", {"mlp.mul"}},
  };
  return steps;
}

struct EagerStep {
  std::vector<workload::Op> ops;
  workload::Access access = workload::Access::kContiguous;
};

EagerStep eager_step(const ElementwiseBench& bench, size_t index) {
  const ElementwiseSample& s = bench.samples[index];
  const std::string key = fmt::format("elementwise[{}].op", index);
  const auto& steps = eager_ops_of_steps();
  const auto step = std::find_if(steps.begin(), steps.end(),
                                 [&](const auto& entry) { return entry.first == s.op; });
  if (step == steps.end())
    throw ConfigError(bench.file, 0, key, fmt::format("'{}' is no eager step the model has", s.op));
  config::WorkloadSpec w = config::load_workload(s.workload);
  w.software = config::Software::kEager;
  workload::Scenario layer;
  layer.phase = workload::Phase::kPrefill;
  layer.batch = 1;
  layer.prompt = s.tokens;
  layer.layers = 1;
  EagerStep out;
  for (const auto& op : workload::build_graph(w, layer).ops) {
    for (const auto& name : step->second) {
      if (op.name == name || (name.ends_with('_') && op.name.starts_with(name))) {
        out.ops.push_back(op);
      }
    }
  }
  if (out.ops.empty())
    throw ConfigError(bench.file, 0, key, fmt::format("{} has no {} kernels", s.workload, s.op));
  out.access = out.ops.front().access;
  for (const auto& op : out.ops) {
    if (op.access != out.access)
      throw ConfigError(bench.file, 0, key, "its kernels are of different access classes");
  }
  return out;
}

// A sample's predicted time: its kernels as the engines time them.
Prediction predict_step(const ElementwiseSample& s, const EagerStep& step,
                        const machine::GpuRates& rates, const config::GpuEfficiencySpec& eff) {
  double predicted_s = 0.0;
  for (const auto& op : step.ops) {
    predicted_s += machine::streaming_time(eff, rates, op).time_s * static_cast<double>(op.repeat);
  }
  return {fmt::format("{} {} tokens={}", std::filesystem::path(s.workload).stem().string(), s.op,
                      s.tokens),
          s.time_s, predicted_s, false};
}

}  // namespace

double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
}

ErrorSummary summarise(const std::vector<Prediction>& predictions) {
  ErrorSummary s;
  std::vector<double> errors;
  for (const auto& p : predictions) {
    if (p.excluded) {
      ++s.excluded;
      continue;
    }
    errors.push_back(std::abs(p.relative_error()));
  }
  s.points = static_cast<int>(errors.size());
  if (errors.empty()) return s;
  s.median_abs = median(errors);
  s.worst_abs = *std::max_element(errors.begin(), errors.end());
  return s;
}

bool is_library_anomaly(const GemmSample& sample, const std::vector<GemmSample>& all) {
  for (const auto& other : all) {
    if (other.model == sample.model && other.layer == sample.layer && other.m > sample.m &&
        sample.time_s > kAnomalyMargin * other.time_s) {
      return true;
    }
  }
  return false;
}

bool is_dispatch_bound(const AttentionSample& sample, const std::vector<AttentionSample>& all) {
  auto work = [](const AttentionSample& s) { return workload::attention_flops(shape_of(s)); };
  for (const auto& other : all) {
    if (other.batch == sample.batch && other.heads == sample.heads &&
        work(other) >= kFlatWorkRatio * work(sample) &&
        other.time_s <= kAnomalyMargin * sample.time_s) {
      return true;
    }
  }
  return false;
}

std::vector<Prediction> predict_gemms(const std::vector<GemmSample>& samples,
                                      const config::ArchSpec& arch,
                                      const config::GpuEfficiencySpec& eff, DType compute) {
  const auto rates = machine::GpuRates::of(arch, compute);
  const auto gemm = eff.gemm_for(compute);
  // Inputs in the compute format, the output in bf16 (as the measured fp8 products wrote it).
  const double in_bytes = bytes_per_element(compute);
  std::vector<Prediction> out;
  for (const auto& g : samples) {
    workload::GemmShape shape{g.m, g.k, g.n, 1};
    double bytes = in_bytes * (static_cast<double>(g.m) * g.k + static_cast<double>(g.k) * g.n) +
                   kBf16Bytes * static_cast<double>(g.m) * g.n;
    out.push_back({fmt::format("{} {} M={} K={} N={}", g.model, g.layer, g.m, g.k, g.n), g.time_s,
                   machine::gemm_time(gemm, rates, shape, bytes).time_s,
                   is_library_anomaly(g, samples)});
  }
  return out;
}

std::vector<Prediction> predict_gemms(const Microbench& mb, const config::ArchSpec& arch,
                                      const config::GpuEfficiencySpec& eff) {
  return predict_gemms(mb.gemm, arch, eff, DType::kBf16);
}

std::vector<Prediction> predict_attention(const std::vector<AttentionSample>& samples,
                                          const config::ArchSpec& arch,
                                          const config::GpuEfficiencySpec& eff) {
  const auto rates = machine::GpuRates::of(arch, DType::kBf16);
  std::vector<Prediction> out;
  for (const auto& s : samples) {
    auto shape = shape_of(s);
    double qo_bytes = 2.0 * s.batch * s.query_len * s.heads * s.head_dim * kBf16Bytes;
    double kv_bytes = 2.0 * s.batch * s.kv_len * s.kv_heads * s.head_dim * kBf16Bytes;
    out.push_back({fmt::format("attention B={} q={} kv={} H={} KV={} hd={}", s.batch, s.query_len,
                               s.kv_len, s.heads, s.kv_heads, s.head_dim),
                   s.time_s,
                   machine::attention_time(eff, rates, shape, workload::attention_flops(shape),
                                           qo_bytes + kv_bytes)
                       .time_s,
                   is_dispatch_bound(s, samples)});
  }
  return out;
}

std::vector<Prediction> predict_elementwise(const ElementwiseBench& bench,
                                            const config::ArchSpec& arch,
                                            const config::GpuEfficiencySpec& eff) {
  const auto rates = machine::GpuRates::of(arch, DType::kBf16);
  std::vector<Prediction> out;
  for (size_t i = 0; i < bench.samples.size(); ++i) {
    out.push_back(predict_step(bench.samples[i], eager_step(bench, i), rates, eff));
  }
  return out;
}

config::GpuEfficiencySpec fit_gpu_efficiency(const Microbench& mb, const config::ArchSpec& arch,
                                             const ElementwiseBench& elementwise,
                                             const config::ArchSpec& elementwise_arch) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  // Optimiser seeds, not model inputs: mid-range efficiencies, a few microseconds of overhead.
  config::GpuEfficiencySpec spec;
  spec.measurements = mb.file;
  spec.gemm = {0.75, 0.75, 0.9, 5.0 * units::kMicro, 6.0};
  spec.attention = {0.6, 10.0 * units::kMicro, 0.9, 10.0 * units::kMicro};

  // 1. GEMM: tensor efficiencies, DRAM efficiency, per-kernel overhead, overlap exponent.
  auto gemm_loss = [&](const std::vector<double>& x) {
    auto trial = spec;
    trial.gemm.unit_tensor_efficiency = x[0];
    trial.gemm.chip_tensor_efficiency = x[1];
    trial.gemm.dram_efficiency = x[2];
    trial.gemm.kernel_overhead_s = x[3] * units::kMicro;
    trial.gemm.overlap_exponent = x[4];
    if (!plausible_efficiency(x[0]) || !plausible_efficiency(x[1]) || !plausible_efficiency(x[2]) ||
        x[3] < 0.0 || x[4] < 1.0 || x[4] > 50.0) {
      return kInf;
    }
    return loss_of(predict_gemms(mb, arch, trial));
  };
  auto g =
      minimise(gemm_loss, {spec.gemm.unit_tensor_efficiency, spec.gemm.chip_tensor_efficiency,
                           spec.gemm.dram_efficiency, spec.gemm.kernel_overhead_s / units::kMicro,
                           spec.gemm.overlap_exponent});
  spec.gemm.unit_tensor_efficiency = g[0];
  spec.gemm.chip_tensor_efficiency = g[1];
  spec.gemm.dram_efficiency = g[2];
  spec.gemm.kernel_overhead_s = g[3] * units::kMicro;
  spec.gemm.overlap_exponent = g[4];

  // 2. Attention, with the GEMM fit held: prefill tensor efficiency and overhead, then decode
  //    KV streaming efficiency and overhead; each an (efficiency, overhead) pair.
  auto fit_pair = [&](const std::vector<AttentionSample>& samples, double& efficiency,
                      double& overhead_s) {
    auto loss = [&](const std::vector<double>& x) {
      if (!plausible_efficiency(x[0]) || x[1] < 0.0) return kInf;
      const double kept_efficiency = efficiency, kept_overhead = overhead_s;
      efficiency = x[0];
      overhead_s = x[1] * units::kMicro;
      const double l = loss_of(predict_attention(samples, arch, spec));
      efficiency = kept_efficiency;
      overhead_s = kept_overhead;
      return l;
    };
    const auto best = minimise(loss, {efficiency, overhead_s / units::kMicro});
    efficiency = best[0];
    overhead_s = best[1] * units::kMicro;
  };
  fit_pair(mb.attention_prefill, spec.attention.prefill_tensor_efficiency,
           spec.attention.prefill_overhead_s);
  fit_pair(mb.attention_decode, spec.attention.decode_dram_efficiency,
           spec.attention.decode_overhead_s);

  // 3. Element-wise kernels of eager software: per access class, a rate and a fixed cost on the
  //    samples of that class, contiguous first (the strided rate is capped by it).
  spec.elementwise_measurements = elementwise.file;
  auto& ew = spec.elementwise;
  ew = {0.5,  2.0 * units::kMicro, 0.5, 2.0 * units::kMicro, 10.0 * units::kGiga,
        0.05, 2.0 * units::kMicro};
  // Each sample's graph ops are built once: the fit only changes the rates they are timed at.
  std::vector<EagerStep> steps;
  for (size_t i = 0; i < elementwise.samples.size(); ++i)
    steps.push_back(eager_step(elementwise, i));
  const auto rates = machine::GpuRates::of(elementwise_arch, DType::kBf16);
  using Class = double config::ElementwiseEfficiency::*;
  // `row_rate`, for row reductions only: the rate one block walks its row at, in GB/s.
  const auto fit_class = [&](workload::Access access, Class rate, Class overhead_s,
                             Class row_rate = nullptr) {
    std::vector<size_t> of_class;
    for (size_t i = 0; i < steps.size(); ++i) {
      if (steps[i].access == access) of_class.push_back(i);
    }
    if (of_class.empty())
      throw ConfigError(elementwise.file, 0, "elementwise", "no sample of an access class");
    auto loss = [&](const std::vector<double>& x) {
      if (!(x[0] > 0.0 && x[0] <= 1.0) || x[1] < 0.0) return kInf;
      if (row_rate && !(x[2] > 0.0)) return kInf;
      auto trial = spec;
      trial.elementwise.*rate = x[0];
      trial.elementwise.*overhead_s = x[1] * units::kMicro;
      if (row_rate) trial.elementwise.*row_rate = x[2] * units::kGiga;
      std::vector<Prediction> predictions;
      for (const size_t i : of_class)
        predictions.push_back(predict_step(elementwise.samples[i], steps[i], rates, trial));
      return loss_of(predictions);
    };
    std::vector<double> seed = {ew.*rate, ew.*overhead_s / units::kMicro};
    if (row_rate) seed.push_back(ew.*row_rate / units::kGiga);
    const auto best = minimise(loss, seed);
    ew.*rate = best[0];
    ew.*overhead_s = best[1] * units::kMicro;
    if (row_rate) ew.*row_rate = best[2] * units::kGiga;
  };
  using config::ElementwiseEfficiency;
  fit_class(workload::Access::kContiguous, &ElementwiseEfficiency::contiguous_dram_efficiency,
            &ElementwiseEfficiency::contiguous_overhead_s);
  fit_class(workload::Access::kRowReduction, &ElementwiseEfficiency::row_reduction_dram_efficiency,
            &ElementwiseEfficiency::row_reduction_overhead_s,
            &ElementwiseEfficiency::row_reduction_row_bytes_per_s);
  // Bytes per vector FLOP, at most 1: far above any rate the contiguous cap would let through.
  fit_class(workload::Access::kStrided, &ElementwiseEfficiency::strided_bytes_per_vector_flop,
            &ElementwiseEfficiency::strided_overhead_s);

  // 4. Narrow formats. The measured fp8 peak over the bf16 peak, against the datasheet's ratio
  //    (2x on Hopper): the fp8 GEMM reaches that much less of its datasheet peak than bf16 does.
  //    fp4 is not measured: Blackwell's datasheet doubles fp8 to fp4 again (B200: 4.5 -> 9 PF
  //    dense), and the same shortfall is assumed for that doubling (docs/calibration.md).
  spec.formats.fp8_tensor_scale =
      (mb.fp8_flops_per_s / mb.bf16_flops_per_s) /
      (arch.dense_peak_flops_per_s(DType::kFp8) / arch.dense_peak_flops_per_s(DType::kBf16));
  spec.formats.fp4_tensor_scale = spec.formats.fp8_tensor_scale;

  auto summary = summarise(predict_gemms(mb, arch, spec));
  spec.fit.gemm_points = summary.points + summary.excluded;
  spec.fit.gemm_points_excluded = summary.excluded;
  spec.fit.gemm_median_abs_error = summary.median_abs;
  spec.fit.gemm_worst_abs_error = summary.worst_abs;
  return spec;
}

}  // namespace xpu::calibration
