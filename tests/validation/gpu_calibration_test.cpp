// SPDX-License-Identifier: MIT
// The calibrated GPU kernel model against the measured H100 microbenchmarks it was fitted on.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "calibration/fit_gpu.h"
#include "calibration/microbench.h"
#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "test_paths.h"

using namespace xpu;

namespace {
struct Fixture {
  calibration::Microbench mb =
      calibration::load_microbench(test::repo("calibration/measurements/h100-sxm-microbench.json"));
  config::ArchSpec h100 = config::load_arch(test::repo("archs/h100_sxm.toml"));
  config::GpuEfficiencySpec eff = config::load_gpu_efficiency(h100.calibration_file);
};

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

TEST_CASE("calibration: refitting from the measurements reproduces the committed file") {
  Fixture f;
  auto refit = calibration::fit_gpu_efficiency(f.mb, f.h100);
  CHECK(refit.gemm.unit_tensor_efficiency ==
        doctest::Approx(f.eff.gemm.unit_tensor_efficiency).epsilon(1e-4));
  CHECK(refit.gemm.chip_tensor_efficiency ==
        doctest::Approx(f.eff.gemm.chip_tensor_efficiency).epsilon(1e-4));
  CHECK(refit.gemm.dram_efficiency == doctest::Approx(f.eff.gemm.dram_efficiency).epsilon(1e-4));
  CHECK(refit.attention.decode_dram_efficiency ==
        doctest::Approx(f.eff.attention.decode_dram_efficiency).epsilon(1e-4));
  CHECK(refit.elementwise.copy_dram_efficiency ==
        doctest::Approx(f.eff.elementwise.copy_dram_efficiency).epsilon(1e-4));
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
