// SPDX-License-Identifier: MIT
// The calibrated GPU kernel model against the measured H100 microbenchmarks it was fitted on.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include "calibration/attention_backward.h"
#include "calibration/fit_gpu.h"
#include "calibration/microbench.h"
#include "calibration/transfer.h"
#include "common/error.h"
#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "config/toml_reader.h"
#include "test_paths.h"

using namespace xpu;

namespace {
struct Fixture {
  calibration::Microbench mb =
      calibration::load_microbench(test::repo("calibration/measurements/h100-sxm-microbench.json"));
  config::ArchSpec h100 = config::load_arch(test::repo("archs/h100_sxm.toml"));
  config::GpuEfficiencySpec eff = config::load_gpu_efficiency(h100.calibration_file);
  calibration::ElementwiseBench elementwise = calibration::load_elementwise_bench(
      test::repo("calibration/measurements/h200-sxm-microbench.json"), test::repo(""));
  config::ArchSpec h200 = config::load_arch(test::repo("archs/h200.toml"));
};

// The H200's own GEMM grids, bf16 and fp8, each predicted by the H100 fit on the H200's arch file.
struct GridPredictions {
  std::string section;
  std::vector<calibration::GemmSample> samples;
  std::vector<calibration::Prediction> predictions;
};
std::vector<GridPredictions> h200_gemm_grids(const Fixture& f) {
  const auto file = test::repo("calibration/measurements/h200-sxm-microbench.json");
  std::vector<GridPredictions> out;
  for (const auto& [section, dtype] :
       {std::pair{"gemm_bf16", DType::kBf16}, std::pair{"gemm_fp8", DType::kFp8}}) {
    auto samples = calibration::load_gemm_samples(file, section);
    auto predictions = calibration::predict_gemms(samples, f.h200, f.eff, dtype);
    out.push_back({section, std::move(samples), std::move(predictions)});
  }
  return out;
}

void print(const std::vector<calibration::Prediction>& ps) {
  for (const auto& p : ps) {
    MESSAGE(fmt::format(
        "{:<44} expected {:>9.2f} us measured-model {:>9.2f} us deviation_pct {:+6.1f}{}", p.label,
        p.measured_s * 1e6, p.predicted_s * 1e6, 100 * p.relative_error(),
        p.excluded ? " (excluded)" : ""));
  }
}
}  // namespace

TEST_CASE("calibration: H100 GEMM times match the 120 measured points, median <=5%, worst <=20%") {
  Fixture f;
  auto predictions = calibration::predict_gemms(f.mb, f.h100, f.eff);
  REQUIRE(predictions.size() == 120);
  auto s = calibration::summarise(predictions);
  print(predictions);
  MESSAGE(fmt::format("median {:.2f}% worst {:.2f}% over {} points, {} excluded",
                      100 * s.median_abs, 100 * s.worst_abs, s.points, s.excluded));
  // Excluded points are library heuristic misses (a larger M ran >15% faster); the rule is
  // independent of the model and must not hide more than a handful of points.
  CHECK(s.excluded <= 4);
  CHECK(s.median_abs <= 0.05);
  CHECK(s.worst_abs <= 0.20);
}

TEST_CASE("calibration: flash-attention prefill within 10% of every measured point") {
  Fixture f;
  auto predictions = calibration::predict_attention(f.mb.attention_prefill, f.h100, f.eff);
  print(predictions);
  for (const auto& p : predictions) CHECK(std::abs(p.relative_error()) <= 0.10);
}

TEST_CASE("calibration: decode attention median within 5%, worst within 20% of GPU-bound points") {
  Fixture f;
  auto predictions = calibration::predict_attention(f.mb.attention_decode, f.h100, f.eff);
  print(predictions);
  auto s = calibration::summarise(predictions);
  CHECK(s.excluded <= 2);
  CHECK(s.median_abs <= 0.05);
  CHECK(s.worst_abs <= 0.20);
}

// The eager element-wise classes against the 112 H200 kernels they were fitted on (PyTorch's own
// kernels in a CUDA graph, inputs from DRAM; docs/gpu_software.md): the contiguous and strided
// classes' medians within 10%, the row reduction's within 15%, every point within 30%. The row
// reduction is the loosest: its small inputs were L2-resident (64 rotated copies of a few rows)
// and its large ones came from DRAM, and one row-walk rate spans both (docs/gpu_software.md).
TEST_CASE(
    "calibration: eager element-wise kernels, each access class's median within 10-15% of the "
    "H200 points, every point within 30%") {
  Fixture f;
  const auto predictions = calibration::predict_elementwise(f.elementwise, f.h200, f.eff);
  REQUIRE(predictions.size() == 112);
  print(predictions);
  std::map<std::string, std::vector<calibration::Prediction>> by_step;
  for (const auto& p : predictions) {
    const auto first = p.label.find(' ') + 1;
    by_step[p.label.substr(first, p.label.find(' ', first) - first)].push_back(p);
  }
  struct Class {
    std::vector<std::string> steps;
    double median_tolerance;
  };
  const std::map<std::string, Class> classes = {
      {"contiguous", {{"residual_add", "silu", "mul"}, 0.10}},
      {"row reduction", {{"rms_norm"}, 0.15}},
      {"strided", {{"rope_q", "rope_k", "kv_cache_write"}, 0.10}}};
  for (const auto& [name, c] : classes) {
    std::vector<calibration::Prediction> of_class;
    for (const auto& step : c.steps) {
      REQUIRE(by_step.count(step));
      of_class.insert(of_class.end(), by_step[step].begin(), by_step[step].end());
    }
    const auto summary = calibration::summarise(of_class);
    MESSAGE(fmt::format("{}: {} points, median {:.1f}%, worst {:.1f}%", name, summary.points,
                        100 * summary.median_abs, 100 * summary.worst_abs));
    CHECK(summary.median_abs <= c.median_tolerance);
    CHECK(summary.worst_abs <= 0.30);
  }
}

// A norm's block walks its row alone, so a one-token F.rms_norm costs more the wider the row:
// measured 4.29 us at Llama 3 8B's 4,096 and 7.11 us at 70B's 8,192 (1.66x). The model's
// one-token norms, each a fixed cost plus the row's walk, keep that ratio within 15%.
TEST_CASE("calibration: a one-token rms_norm costs more at 8,192 wide than at 4,096, as measured") {
  Fixture f;
  const auto predictions = calibration::predict_elementwise(f.elementwise, f.h200, f.eff);
  const auto find = [&](const std::string& label) {
    const auto it = std::find_if(predictions.begin(), predictions.end(),
                                 [&](const auto& p) { return p.label == label; });
    REQUIRE(it != predictions.end());
    return *it;
  };
  const auto narrow = find("llama3_8b rms_norm tokens=1");
  const auto wide = find("llama3_70b rms_norm tokens=1");
  const double measured_ratio = wide.measured_s / narrow.measured_s;
  const double model_ratio = wide.predicted_s / narrow.predicted_s;
  MESSAGE(fmt::format("wide/narrow: measured {:.2f}, model {:.2f}", measured_ratio, model_ratio));
  CHECK(measured_ratio == doctest::Approx(1.66).epsilon(0.01));
  CHECK(model_ratio == doctest::Approx(measured_ratio).epsilon(0.15));
}

// The H200's own GEMM grids (calibration/measurements/h200-sxm-microbench.json), predicted blind by
// the H100's fit on the H200's arch file: compared, never fitted. The same die with 1.43x the
// bandwidth, so the memory-bound GEMMs move and the compute-bound ones should not.
TEST_CASE(
    "calibration: the H200's bf16 and fp8 GEMM grids, predicted from the H100 fit, median within "
    "10%") {
  Fixture f;
  for (const auto& [section, samples, predictions] : h200_gemm_grids(f)) {
    print(predictions);
    const auto s = calibration::summarise(predictions);
    MESSAGE(fmt::format("{}: {} points, {} excluded, median {:.1f}%, worst {:.1f}%", section,
                        s.points, s.excluded, 100 * s.median_abs, 100 * s.worst_abs));
    CHECK(s.median_abs <= 0.10);
  }
}

// A stated gap (docs/calibration.md, "The H200's own grids"): the H200's grid was replayed from
// CUDA graphs, while the GEMMs' fixed cost (7.1 us) was fitted on the H100's launched loops, so at
// M <= 64, where that fixed cost is a large part of a GEMM, the model sits above the card: signed
// median +5.0% in bf16, +2.5% in fp8. Checked in a band of +1 to +8%: a refit of the fixed cost
// on graph-replayed kernels moves it out, and the docs with it.
TEST_CASE(
    "calibration: the H200's small GEMMs (M <= 64) run under the model by the stated fixed-cost "
    "gap") {
  Fixture f;
  for (const auto& [section, samples, predictions] : h200_gemm_grids(f)) {
    REQUIRE(predictions.size() == samples.size());
    std::vector<double> signed_errors;
    for (size_t i = 0; i < samples.size(); ++i) {
      if (samples[i].m <= 64 && !predictions[i].excluded)
        signed_errors.push_back(predictions[i].relative_error());
    }
    const double median = calibration::median(signed_errors);
    MESSAGE(fmt::format("{}: {} points at M <= 64, signed median {:+.1f}% (stated band +1 to +8%)",
                        section, signed_errors.size(), 100.0 * median));
    CHECK(signed_errors.size() >= 20);
    CHECK(median >= 0.01);
    CHECK(median <= 0.08);
  }
}

TEST_CASE(
    "calibration: the H200's flash-attention prefill, predicted from the H100 fit, within 10%") {
  Fixture f;
  const auto predictions = calibration::predict_attention(
      calibration::load_attention_samples(
          test::repo("calibration/measurements/h200-sxm-microbench.json"), "attn_prefill"),
      f.h200, f.eff);
  print(predictions);
  for (const auto& p : predictions) CHECK(std::abs(p.relative_error()) <= 0.15);
}

// Decode attention streams the KV cache: on the H200 at its 4.8 TB/s. Blind, so the median within
// 15% (the H100's fitted points are held to 5%). The short contexts are off far more, and
// docs/calibration.md says why: the H200's kernels were replayed from a CUDA graph, while the
// H100's fixed cost (12.5 us) was fitted on launched loops; at batch 1 and 1,024 tokens the H200
// takes 6.8 us.
TEST_CASE(
    "calibration: the H200's decode attention, predicted from the H100 fit, median within 15%") {
  Fixture f;
  const auto samples = calibration::load_attention_samples(
      test::repo("calibration/measurements/h200-sxm-microbench.json"), "attn_decode");
  const auto predictions = calibration::predict_attention(samples, f.h200, f.eff);
  print(predictions);
  const auto s = calibration::summarise(predictions);
  MESSAGE(fmt::format("{} points, {} excluded, median {:.1f}%, worst {:.1f}%", s.points, s.excluded,
                      100 * s.median_abs, 100 * s.worst_abs));
  CHECK(s.median_abs <= 0.15);
}

// FlashAttention-3's authors' H100 figures (head dim 128, BF16), backward over forward TFLOP/s at
// 4K, 8K and 16K tokens: cuDNN 499/609, 518/600, 516/595; FlashAttention-3 542/638, 559/646,
// 561/648. The median of the six, (518/600 + 559/646) / 2 = 0.8643, is what training's attention
// backward runs at, relative to the forward's fitted rate.
TEST_CASE(
    "calibration: attention's backward runs at the median published backward/forward rate at 4K+ "
    "tokens, 0.864") {
  Fixture f;
  const double expected = 0.5 * (518.0 / 600.0 + 559.0 / 646.0);
  const auto set = calibration::load_attention_backward(
      test::repo("calibration/measurements/attention_backward.toml"));
  CHECK(calibration::backward_rate_over_forward(set) == doctest::Approx(expected).epsilon(1e-9));
  CHECK(f.eff.attention.backward_rate_over_forward == doctest::Approx(expected).epsilon(1e-5));
  CHECK(calibration::median({3.0, 1.0, 2.0}) == 2.0);
  CHECK(calibration::median({4.0, 1.0, 3.0, 2.0}) == 2.5);
}

TEST_CASE("calibration: refitting from the measurements reproduces the committed file") {
  Fixture f;
  auto refit = calibration::fit_gpu_efficiency(f.mb, f.h100, f.elementwise, f.h200);
  CHECK(refit.gemm.unit_tensor_efficiency ==
        doctest::Approx(f.eff.gemm.unit_tensor_efficiency).epsilon(1e-4));
  CHECK(refit.gemm.chip_tensor_efficiency ==
        doctest::Approx(f.eff.gemm.chip_tensor_efficiency).epsilon(1e-4));
  CHECK(refit.gemm.dram_efficiency == doctest::Approx(f.eff.gemm.dram_efficiency).epsilon(1e-4));
  CHECK(refit.attention.decode_dram_efficiency ==
        doctest::Approx(f.eff.attention.decode_dram_efficiency).epsilon(1e-4));
  CHECK(refit.elementwise.contiguous_dram_efficiency ==
        doctest::Approx(f.eff.elementwise.contiguous_dram_efficiency).epsilon(1e-4));
  CHECK(refit.elementwise.row_reduction_dram_efficiency ==
        doctest::Approx(f.eff.elementwise.row_reduction_dram_efficiency).epsilon(1e-4));
  CHECK(refit.elementwise.row_reduction_row_bytes_per_s ==
        doctest::Approx(f.eff.elementwise.row_reduction_row_bytes_per_s).epsilon(1e-3));
  CHECK(refit.elementwise.strided_bytes_per_vector_flop ==
        doctest::Approx(f.eff.elementwise.strided_bytes_per_vector_flop).epsilon(1e-4));
  CHECK(refit.elementwise.strided_overhead_s ==
        doctest::Approx(f.eff.elementwise.strided_overhead_s).epsilon(1e-3));
  CHECK(refit.formats.fp8_tensor_scale ==
        doctest::Approx(f.eff.formats.fp8_tensor_scale).epsilon(1e-4));
  CHECK(refit.formats.fp4_tensor_scale ==
        doctest::Approx(f.eff.formats.fp4_tensor_scale).epsilon(1e-4));
}

// fp8 has its own efficiency: the sustained chip rate it gives at the fp8 datasheet peak against
// the measured power-limited fp8 8192^3 product (1,352.5 TFLOP/s), as bf16 is checked below; and
// it is not the bf16 efficiency (the measured fp8 peak is ~7% short of 2x bf16's).
TEST_CASE("calibration: fp8 GEMM efficiency matches the measured fp8 peak within 5%") {
  Fixture f;
  const auto fp8 = f.eff.gemm_for(DType::kFp8);
  const double fitted_flops =
      fp8.chip_tensor_efficiency * f.h100.dense_peak_flops_per_s(DType::kFp8);
  MESSAGE(
      fmt::format("expected {:.4e} FLOP/s measured-model {:.4e} FLOP/s (bf16 efficiency "
                  "would give {:.4e})",
                  f.mb.fp8_flops_per_s, fitted_flops,
                  f.eff.gemm.chip_tensor_efficiency * f.h100.dense_peak_flops_per_s(DType::kFp8)));
  CHECK(fitted_flops == doctest::Approx(f.mb.fp8_flops_per_s).epsilon(0.05));
  CHECK(fp8.chip_tensor_efficiency < 0.95 * f.eff.gemm.chip_tensor_efficiency);
  CHECK(f.eff.gemm_for(DType::kBf16).chip_tensor_efficiency == f.eff.gemm.chip_tensor_efficiency);
}

TEST_CASE("calibration: fitted efficiencies are physical and match the measured rooflines") {
  Fixture f;
  // Streaming efficiency against the measured read bandwidth (3.10 TB/s of 3.35): within 5%.
  double fitted_bw = f.eff.gemm.dram_efficiency * f.h100.dram->bandwidth_bytes_per_s;
  MESSAGE(fmt::format("expected {:.3e} B/s measured-model {:.3e} B/s", f.mb.read_bytes_per_s,
                      fitted_bw));
  CHECK(fitted_bw == doctest::Approx(f.mb.read_bytes_per_s).epsilon(0.05));
  // Sustained chip throughput against the measured power-limited 8192^3 peak: within 5%.
  double fitted_flops =
      f.eff.gemm.chip_tensor_efficiency * f.h100.dense_peak_flops_per_s(DType::kBf16);
  MESSAGE(fmt::format("expected {:.3e} FLOP/s measured-model {:.3e} FLOP/s", f.mb.bf16_flops_per_s,
                      fitted_flops));
  CHECK(fitted_flops == doctest::Approx(f.mb.bf16_flops_per_s).epsilon(0.05));
}

// The transfer to other dies (calibration/measurements/mamf.toml, docs/calibration.md): each
// committed die file is what the transfer of the committed H100 fit gives, and with it the kernel
// model stands to every fitted row's MAMF as it stands to the H100's own (one factor per format
// for two boards of the Blackwell die: within 5%, the spread the source states for GPUs of one
// node).
TEST_CASE("calibration: the dies' transferred files reproduce their MAMF rows within 5%") {
  Fixture f;
  const auto set = calibration::load_mamf(test::repo("calibration/measurements/mamf.toml"));
  const auto fit = calibration::fit_transfers(set, f.eff, f.h100.calibration_file);
  REQUIRE(fit.dies.size() == set.dies.size());
  for (const auto& r : fit.reference) CHECK(std::abs(r.relative_error()) < 1e-9);
  for (const auto& d : fit.dies) {
    CAPTURE(d.die.id);
    const auto committed = config::load_gpu_efficiency(d.die.efficiency_file);
    REQUIRE(committed.transfer.has_value());
    CHECK(committed.transfer->bf16_scale == doctest::Approx(d.transfer.bf16_scale).epsilon(1e-5));
    CHECK(committed.transfer->fp8_scale == doctest::Approx(d.transfer.fp8_scale).epsilon(1e-5));
    CHECK(committed.transfer->fp4_scale == doctest::Approx(d.transfer.fp4_scale).epsilon(1e-5));
    for (const auto& r : d.rows) {
      MESSAGE(fmt::format("{} {} {}: MAMF {:.1f} target {:.1f} model {:.1f} TFLOP/s ({:+.1f}%)",
                          d.die.id, r.row.arch_file, name_of(r.row.dtype),
                          r.row.flops_per_s * 1e-12, r.target_flops_per_s * 1e-12,
                          r.model_flops_per_s * 1e-12, 100.0 * r.relative_error()));
      CHECK(std::abs(r.relative_error()) <= 0.05);
      // The arch file picks the die's file: its engines run what was fitted here.
      const auto arch = config::load_arch(r.row.arch_file);
      const auto eff = config::efficiency_for(arch);
      CHECK(calibration::model_gemm_flops_per_s(arch, eff, r.row.dtype, r.row.shape) ==
            doctest::Approx(r.model_flops_per_s).epsilon(1e-5));
    }
  }
}

// Not fitted: the H200's fp8 MAMF against the H100 fit it shares (same die). Within 10%: the
// grid's own errors at these shapes (median 4.5%, worst 19%) and the 5% the source sees between
// GPUs of one node.
TEST_CASE("calibration: the H200's measured fp8 matmul rate, not fitted, is within 10%") {
  Fixture f;
  const auto set = calibration::load_mamf(test::repo("calibration/measurements/mamf.toml"));
  const auto fit = calibration::fit_transfers(set, f.eff, f.h100.calibration_file);
  REQUIRE(fit.checks.size() == 1);
  const auto& c = fit.checks.front();
  MESSAGE(fmt::format("H200 fp8: MAMF {:.1f} target {:.1f} model {:.1f} TFLOP/s ({:+.1f}%)",
                      c.row.flops_per_s * 1e-12, c.target_flops_per_s * 1e-12,
                      c.model_flops_per_s * 1e-12, 100.0 * c.relative_error()));
  CHECK(std::abs(c.relative_error()) <= 0.10);
}

TEST_CASE("calibration: a transferred file without its base is refused at the base key") {
  const std::string text =
      "[source]\nbase = \"no_such_fit.toml\"\nmeasurements = \"m.toml\"\ndie = \"x\"\n"
      "[tensor_scale]\nbf16 = 1\nfp8 = 1\nfp4 = 1\n[fit]\nrows = 1\nworst_row_abs_error = 0\n";
  try {
    config::decode_gpu_efficiency(config::Document::parse(text, "/tmp/die_efficiency.toml"));
    FAIL("accepted a missing base");
  } catch (const ConfigError& e) {
    CHECK(e.key() == "source.base");
    CHECK(e.line() == 2);
  }
}

TEST_CASE(
    "calibration: a transferred file whose base is transferred too is refused at the base key") {
  // Its own name as the base: the loader must stop, not recurse.
  // One name per process, as the registry test's temporary file: parallel runs do not meet.
  const std::string name = fmt::format("xpusim_self_base_{}.toml", getpid());
  const std::string path = (std::filesystem::temp_directory_path() / name).string();
  const std::string text =
      "[source]\nbase = \"" + name +
      "\"\nmeasurements = \"m.toml\"\ndie = \"x\"\n"
      "[tensor_scale]\nbf16 = 1\nfp8 = 1\nfp4 = 1\n[fit]\nrows = 1\nworst_row_abs_error = 0\n";
  {
    std::ofstream out(path);
    out << text;
  }
  try {
    config::load_gpu_efficiency(path);
    FAIL("accepted a transferred base");
  } catch (const ConfigError& e) {
    CHECK(e.key() == "source.base");
    CHECK(std::string(e.what()).find("itself a transferred fit") != std::string::npos);
  }
  std::filesystem::remove(path);
}
