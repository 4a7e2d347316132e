// SPDX-License-Identifier: MIT
#include "calibration/transfer.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <optional>

#include "common/error.h"
#include "common/units.h"
#include "config/toml_reader.h"
#include "machine/gpu_kernel_rates.h"

namespace xpu::calibration {

namespace {

namespace fs = std::filesystem;

// The range a factor is searched in: a die's matmul library reaching a fifth to three times the
// H100's share of its datasheet peak covers every row measured; outside it the fit fails loudly.
constexpr double kLowestScale = 0.2;
constexpr double kHighestScale = 3.0;
constexpr int kBisections = 60;

double geometric_mean_of_logs(const std::vector<double>& logs) {
  double sum = 0.0;
  for (double l : logs) sum += l;
  return std::exp(sum / static_cast<double>(logs.size()));
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return fs::equivalent(a, b, ec);
}

// The factor s for which `rate_at(s)` (rising in s) meets `target`.
template <class Rate>
double solve_scale(const Rate& rate_at, double target, const MamfSet& set, const MamfRow& row) {
  double lo = kLowestScale, hi = kHighestScale;
  if (rate_at(lo) > target || rate_at(hi) < target) {
    throw ConfigError(
        set.file, row.line, "tflops",
        fmt::format("{} on {}: no tensor-efficiency factor in [{}, {}] reaches its target",
                    name_of(row.dtype), row.arch_file, kLowestScale, kHighestScale));
  }
  for (int i = 0; i < kBisections; ++i) {
    const double mid = 0.5 * (lo + hi);
    (rate_at(mid) < target ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

MamfSet load_mamf(const std::string& path) {
  auto doc = config::Document::load(path);
  config::Table root = config::Table::root_of(doc);
  MamfSet set;
  set.file = path;
  for (auto& d : root.table_array("die")) {
    MamfDie die;
    die.id = d.string("id");
    die.line = d.line_of("id");
    die.name = d.string("name");
    die.efficiency_file = fs::path(d.path_beside("efficiency_file")).lexically_normal().string();
    d.finish();
    set.dies.push_back(die);
  }
  for (auto& r : root.table_array("row")) {
    MamfRow row;
    row.arch_file = fs::path(r.file_beside("arch")).lexically_normal().string();
    std::vector<std::string> fits = {"reference", "check"};
    for (const auto& die : set.dies) fits.push_back(die.id);
    row.fits = r.choice("fits", fits);
    row.dtype = *parse_dtype(r.choice("dtype", {"bf16", "fp8"}));
    row.flops_per_s = r.positive("tflops") * 1e12;
    row.line = r.line_of("tflops");
    row.shape = {r.integer("m", 1), r.integer("k", 1), r.integer("n", 1), 1};
    row.source = r.string("source");
    r.finish();
    set.rows.push_back(row);
  }
  root.finish();
  return set;
}

workload::Op gemm_kernel_op(DType compute, const workload::GemmShape& shape) {
  const double m = static_cast<double>(shape.m), k = static_cast<double>(shape.k),
               n = static_cast<double>(shape.n), groups = static_cast<double>(shape.groups);
  workload::Op op;
  op.name = "gemm";
  op.kind = workload::OpKind::kGemm;
  op.compute_dtype = compute;
  op.flops = 2.0 * groups * m * k * n;
  op.weight_bytes = groups * bytes_per_element(compute) * k * n;
  op.activation_bytes =
      groups * (bytes_per_element(compute) * m * k + bytes_per_element(DType::kBf16) * m * n);
  op.gemm = shape;
  return op;
}

double model_gemm_flops_per_s(const config::ArchSpec& arch, const config::GpuEfficiencySpec& eff,
                              DType compute, const workload::GemmShape& shape) {
  const workload::Op op = gemm_kernel_op(compute, shape);
  const auto t = machine::gemm_time(eff.gemm_for(compute), machine::GpuRates::of(arch, compute),
                                    shape, op.bytes());
  return op.flops / t.time_s;
}

TransferFit fit_transfers(const MamfSet& set, const config::GpuEfficiencySpec& base,
                          const std::string& base_file) {
  TransferFit fit;
  // r per format: the model's rate over the MAMF on the base die (geometric mean of its rows).
  std::map<DType, std::vector<double>> reference_logs;
  for (const auto& row : set.rows) {
    if (row.fits != "reference") continue;
    const auto arch = config::load_arch_before_calibration(row.arch_file);
    const double model = model_gemm_flops_per_s(arch, base, row.dtype, row.shape);
    reference_logs[row.dtype].push_back(std::log(model / row.flops_per_s));
    fit.reference.push_back({row, 0.0, model});  // its target once every reference row is in
  }
  auto reference_ratio = [&](const MamfRow& row) {
    const auto it = reference_logs.find(row.dtype);
    if (it == reference_logs.end()) {
      throw ConfigError(set.file, row.line, "dtype",
                        fmt::format("a {} row of {} but no reference row in {} to scale it by",
                                    name_of(row.dtype), row.arch_file, name_of(row.dtype)));
    }
    return geometric_mean_of_logs(it->second);
  };
  for (auto& r : fit.reference) r.target_flops_per_s = r.row.flops_per_s * reference_ratio(r.row);

  for (const auto& die : set.dies) {
    DieTransfer out;
    out.die = die;
    out.transfer.base_file = base_file;
    out.transfer.die = die.name;
    std::map<DType, std::vector<double>> logs;
    std::vector<std::pair<MamfRow, config::ArchSpec>> rows;
    for (const auto& row : set.rows) {
      if (row.fits != die.id) continue;
      const auto arch = config::load_arch_before_calibration(row.arch_file);
      const double target = row.flops_per_s * reference_ratio(row);
      const double s = solve_scale(
          [&](double scale) {
            config::TensorTransfer trial;
            trial.bf16_scale = trial.fp8_scale = trial.fp4_scale = scale;
            return model_gemm_flops_per_s(arch, config::transferred(base, trial), row.dtype,
                                          row.shape);
          },
          target, set, row);
      logs[row.dtype].push_back(std::log(s));
      rows.emplace_back(row, arch);
    }
    if (rows.empty()) throw ConfigError(set.file, die.line, "id", "no row fits this die");
    if (logs.count(DType::kBf16) == 0) {
      throw ConfigError(set.file, die.line, "id",
                        "no bf16 row fits this die (its other formats default to bf16's factor)");
    }
    out.transfer.bf16_scale = geometric_mean_of_logs(logs[DType::kBf16]);
    out.transfer.fp8_scale = logs.count(DType::kFp8) ? geometric_mean_of_logs(logs[DType::kFp8])
                                                     : out.transfer.bf16_scale;
    out.transfer.fp4_scale = out.transfer.fp8_scale;  // as the base fit: fp4 is not measured
    out.transfer.rows = static_cast<int64_t>(rows.size());
    const auto eff = config::transferred(base, out.transfer);
    for (const auto& [row, arch] : rows) {
      TransferRow tr{row, row.flops_per_s * reference_ratio(row),
                     model_gemm_flops_per_s(arch, eff, row.dtype, row.shape)};
      out.transfer.worst_row_abs_error =
          std::max(out.transfer.worst_row_abs_error, std::abs(tr.relative_error()));
      out.rows.push_back(tr);
    }
    fit.dies.push_back(out);
  }

  for (const auto& row : set.rows) {
    if (row.fits != "check") continue;
    const auto arch = config::load_arch_before_calibration(row.arch_file);
    // The arch's own calibration as this fit writes it (the files may not be written yet).
    std::optional<config::GpuEfficiencySpec> eff;
    if (same_file(arch.calibration_file, base_file)) eff = base;
    for (const auto& d : fit.dies) {
      if (same_file(arch.calibration_file, d.die.efficiency_file))
        eff = config::transferred(base, d.transfer);
    }
    if (!eff) eff = config::load_gpu_efficiency(arch.calibration_file);
    fit.checks.push_back({row, row.flops_per_s * reference_ratio(row),
                          model_gemm_flops_per_s(arch, *eff, row.dtype, row.shape)});
  }
  return fit;
}

}  // namespace xpu::calibration
