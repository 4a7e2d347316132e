// SPDX-License-Identifier: MIT
// `xpusim calibrate`: refit the GPU kernel efficiencies on measured microbenchmarks and write
// calibration/gpu_efficiency.toml, printing how well every measured point is reproduced.
#include <fmt/format.h>

#include <memory>

#include "apps/cli/commands.h"
#include "calibration/fit_gpu.h"
#include "calibration/microbench.h"
#include "config/arch_spec.h"

namespace xpu::cli {

namespace {

struct CalibrateOptions {
  std::string measurements = "calibration/measurements/h100-sxm-microbench.json";
  std::string arch = "archs/h100_sxm.toml";
  std::string out = "calibration/gpu_efficiency.toml";
  bool verbose = false;
};

void print_predictions(const std::string& title, const std::vector<calibration::Prediction>& ps,
                       bool verbose) {
  auto s = calibration::summarise(ps);
  fmt::print("{}: {} points, {} excluded; median |error| {:.1f}%, worst {:.1f}%\n", title, s.points,
             s.excluded, 100.0 * s.median_abs, 100.0 * s.worst_abs);
  for (const auto& p : ps) {
    if (!verbose && !p.excluded && std::abs(p.relative_error()) < 0.10) continue;
    fmt::print("  {:<44} measured {:>10.2f} us  predicted {:>10.2f} us  {:+6.1f}%{}\n", p.label,
               p.measured_s * 1e6, p.predicted_s * 1e6, 100.0 * p.relative_error(),
               p.excluded ? "  (excluded, see docs/calibration.md)" : "");
  }
}

void calibrate(const CalibrateOptions& o) {
  const auto mb = calibration::load_microbench(o.measurements);
  const auto arch = config::load_arch(o.arch);
  auto fitted = calibration::fit_gpu_efficiency(mb, arch);
  fitted.measurements = o.measurements;
  config::save_gpu_efficiency(fitted, o.out);
  fmt::print("fitted on {} ({}), wrote {}\n", mb.file, mb.device, o.out);
  print_predictions("gemm", calibration::predict_gemms(mb, arch, fitted), o.verbose);
  print_predictions("attention prefill",
                    calibration::predict_attention(mb.attention_prefill, arch, fitted), o.verbose);
  print_predictions("attention decode",
                    calibration::predict_attention(mb.attention_decode, arch, fitted), o.verbose);
}

}  // namespace

void add_calibrate_command(CLI::App& app) {
  auto o = std::make_shared<CalibrateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "calibrate", "Refit GPU kernel efficiencies on measured microbenchmarks (H100 only)");
  cmd->add_option("--measurements", o->measurements, "Microbenchmark JSON")
      ->check(CLI::ExistingFile)
      ->capture_default_str();
  cmd->add_option("--arch", o->arch, "Arch file of the measured GPU")
      ->check(CLI::ExistingFile)
      ->capture_default_str();
  cmd->add_option("--out", o->out, "Where to write the fitted efficiencies")->capture_default_str();
  cmd->add_flag("--verbose", o->verbose, "Print every point, not only those off by >10%");
  cmd->callback([o] { calibrate(*o); });
}

}  // namespace xpu::cli
