// SPDX-License-Identifier: MIT
// `xpusim calibrate`: refit the GPU kernel efficiencies on measured microbenchmarks and write
// calibration/gpu_efficiency.toml, printing how well every measured point is reproduced; then
// transfer the fit to the other dies of calibration/measurements/mamf.toml and write theirs.
#include <fmt/format.h>

#include <memory>

#include "apps/cli/commands.h"
#include "calibration/attention_backward.h"
#include "calibration/fit_gpu.h"
#include "calibration/microbench.h"
#include "calibration/transfer.h"
#include "config/arch_spec.h"

namespace xpu::cli {

namespace {

struct CalibrateOptions {
  std::string measurements = "calibration/measurements/h100-sxm-microbench.json";
  std::string arch = "archs/h100_sxm.toml";
  std::string elementwise_measurements = "calibration/measurements/h200-sxm-microbench.json";
  std::string elementwise_arch = "archs/h200.toml";
  std::string attention_backward = "calibration/measurements/attention_backward.toml";
  std::string workload_root = ".";
  std::string out = "calibration/gpu_efficiency.toml";
  std::string mamf = "calibration/measurements/mamf.toml";
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

void print_rows(const std::string& title, const std::vector<calibration::TransferRow>& rows) {
  for (const auto& r : rows) {
    fmt::print(
        "  {:<10} {:<28} {:<4} M={} K={} N={}: MAMF {:.1f}, target {:.1f}, model {:.1f} "
        "TFLOP/s ({:+.1f}%)\n",
        title, r.row.arch_file, name_of(r.row.dtype), r.row.shape.m, r.row.shape.k, r.row.shape.n,
        r.row.flops_per_s * 1e-12, r.target_flops_per_s * 1e-12, r.model_flops_per_s * 1e-12,
        100.0 * r.relative_error());
  }
}

void transfer(const CalibrateOptions& o, const config::GpuEfficiencySpec& base) {
  const auto set = calibration::load_mamf(o.mamf);
  const auto fit = calibration::fit_transfers(set, base, o.out);
  fmt::print("transfer by max-achievable matmul rates ({}):\n", o.mamf);
  print_rows("reference", fit.reference);
  for (const auto& d : fit.dies) {
    config::save_transferred_efficiency(d.transfer, o.mamf, d.die.efficiency_file);
    fmt::print("{}: tensor efficiency x{:.4f} bf16, x{:.4f} fp8, x{:.4f} fp4; wrote {}\n",
               d.die.name, d.transfer.bf16_scale, d.transfer.fp8_scale, d.transfer.fp4_scale,
               d.die.efficiency_file);
    print_rows("fitted", d.rows);
  }
  print_rows("check", fit.checks);
}

void calibrate(const CalibrateOptions& o) {
  const auto mb = calibration::load_microbench(o.measurements);
  const auto arch = config::load_arch(o.arch);
  const auto elementwise =
      calibration::load_elementwise_bench(o.elementwise_measurements, o.workload_root);
  const auto elementwise_arch = config::load_arch(o.elementwise_arch);
  auto fitted = calibration::fit_gpu_efficiency(mb, arch, elementwise, elementwise_arch);
  fitted.measurements = o.measurements;
  fitted.attention_backward_measurements = o.attention_backward;
  fitted.attention.backward_rate_over_forward = calibration::backward_rate_over_forward(
      calibration::load_attention_backward(o.attention_backward));
  config::save_gpu_efficiency(fitted, o.out);
  fmt::print("fitted on {} ({}), wrote {}\n", mb.file, mb.device, o.out);
  print_predictions("gemm", calibration::predict_gemms(mb, arch, fitted), o.verbose);
  print_predictions("attention prefill",
                    calibration::predict_attention(mb.attention_prefill, arch, fitted), o.verbose);
  print_predictions("attention decode",
                    calibration::predict_attention(mb.attention_decode, arch, fitted), o.verbose);
  fmt::print("attention backward: {:.3f} of the forward's rate ({})\n",
             fitted.attention.backward_rate_over_forward, o.attention_backward);
  print_predictions(fmt::format("eager element-wise ({})", elementwise.device),
                    calibration::predict_elementwise(elementwise, elementwise_arch, fitted),
                    o.verbose);
  transfer(o, fitted);
}

}  // namespace

void add_calibrate_command(CLI::App& app) {
  auto o = std::make_shared<CalibrateOptions>();
  CLI::App* cmd = app.add_subcommand("calibrate",
                                     "Refit GPU kernel efficiencies on measured microbenchmarks "
                                     "(H100, H200), transfer them to other dies");
  cmd->add_option("--measurements", o->measurements, "Microbenchmark JSON")
      ->check(CLI::ExistingFile)
      ->capture_default_str();
  cmd->add_option("--arch", o->arch, "Arch file of the measured GPU")
      ->check(CLI::ExistingFile)
      ->capture_default_str();
  cmd->add_option("--elementwise-measurements", o->elementwise_measurements,
                  "Microbenchmark JSON with the eager element-wise kernels")
      ->check(CLI::ExistingFile)
      ->capture_default_str();
  cmd->add_option("--elementwise-arch", o->elementwise_arch,
                  "Arch file of the GPU the element-wise kernels were measured on")
      ->check(CLI::ExistingFile)
      ->capture_default_str();
  cmd->add_option("--attention-backward", o->attention_backward,
                  "Flash attention's published backward and forward rates (TOML)")
      ->check(CLI::ExistingFile)
      ->capture_default_str();
  cmd->add_option("--workload-root", o->workload_root,
                  "Folder the element-wise samples' workload paths are relative to")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();
  cmd->add_option("--out", o->out, "Where to write the fitted efficiencies")->capture_default_str();
  cmd->add_option("--mamf", o->mamf,
                  "Max-achievable matmul rates of other dies, to transfer the fit to")
      ->check(CLI::ExistingFile)
      ->capture_default_str();
  cmd->add_flag("--verbose", o->verbose, "Print every point, not only those off by >10%");
  cmd->callback([o] { calibrate(*o); });
}

}  // namespace xpu::cli
