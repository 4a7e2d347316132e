// SPDX-License-Identifier: MIT
#include "config/gpu_efficiency_spec.h"

#include <fmt/format.h>

#include <filesystem>

#include "common/atomic_file.h"
#include "common/units.h"
#include "config/arch_spec.h"
#include "config/toml_reader.h"

namespace xpu::config {

GpuEfficiencySpec load_gpu_efficiency(const std::string& path) {
  return decode_gpu_efficiency(Document::load(path));
}

GpuEfficiencySpec transferred(GpuEfficiencySpec s, const TensorTransfer& t) {
  // The bf16 factor on the GEMM fit itself (what every bf16 path reads), the narrow formats'
  // factors on their format scales relative to it: gemm_for(f) is then the base's x t's factor.
  s.gemm.unit_tensor_efficiency *= t.bf16_scale;
  s.gemm.chip_tensor_efficiency *= t.bf16_scale;
  s.formats.fp8_tensor_scale *= t.fp8_scale / t.bf16_scale;
  s.formats.fp4_tensor_scale *= t.fp4_scale / t.bf16_scale;
  s.transfer = t;
  return s;
}

namespace {

// A transferred file: [source] base and measurements, [tensor_scale] and [fit]; the base loaded
// from beside it.
GpuEfficiencySpec decode_transferred(Table& root, Table& source) {
  TensorTransfer t;
  t.base_file = source.file_beside("base");
  const std::string measurements = source.string("measurements");
  t.die = source.string("die");
  // One step from a measured fit: a base that is itself transferred (or this file) would chain
  // factors nobody measured together, or never end.
  const auto base_doc = Document::load(t.base_file);
  if (Table::root_of(base_doc).table("source").has("base")) {
    source.fail("base",
                fmt::format("{} is itself a transferred fit; name the microbenchmark fit it "
                            "comes from",
                            t.base_file));
  }
  source.finish();
  Table scale = root.table("tensor_scale");
  t.bf16_scale = scale.positive("bf16");
  t.fp8_scale = scale.positive("fp8");
  t.fp4_scale = scale.positive("fp4");
  scale.finish();
  Table fit = root.table("fit");
  t.rows = fit.integer("rows", 1);
  t.worst_row_abs_error = fit.number("worst_row_abs_error");
  fit.finish();
  root.finish();
  GpuEfficiencySpec s = transferred(decode_gpu_efficiency(base_doc), t);
  s.file = root.file();
  s.measurements = s.measurements + " + " + measurements;
  return s;
}

}  // namespace

GpuEfficiencySpec decode_gpu_efficiency(const std::shared_ptr<Document>& doc) {
  Table root = Table::root_of(doc);
  GpuEfficiencySpec s;
  s.file = doc->file();

  Table source = root.table("source");
  if (source.has("base")) return decode_transferred(root, source);
  s.measurements = source.string("measurements");
  s.elementwise_measurements = source.string("elementwise_measurements");
  s.attention_backward_measurements = source.string("attention_backward_measurements");
  source.finish();

  Table gemm = root.table("gemm");
  s.gemm.unit_tensor_efficiency = gemm.positive("unit_tensor_efficiency");
  s.gemm.chip_tensor_efficiency = gemm.positive("chip_tensor_efficiency");
  s.gemm.dram_efficiency = gemm.positive("dram_efficiency");
  s.gemm.kernel_overhead_s = gemm.number("kernel_overhead_us") * units::kMicro;
  s.gemm.overlap_exponent = gemm.positive("overlap_exponent");
  gemm.finish();

  Table attention = root.table("attention");
  s.attention.prefill_tensor_efficiency = attention.positive("prefill_tensor_efficiency");
  s.attention.prefill_overhead_s = attention.number("prefill_overhead_us") * units::kMicro;
  s.attention.decode_dram_efficiency = attention.positive("decode_dram_efficiency");
  s.attention.decode_overhead_s = attention.number("decode_overhead_us") * units::kMicro;
  s.attention.backward_rate_over_forward = attention.positive("backward_rate_over_forward");
  attention.finish();

  Table elementwise = root.table("elementwise");
  s.elementwise.contiguous_dram_efficiency = elementwise.positive("contiguous_dram_efficiency");
  s.elementwise.contiguous_overhead_s =
      elementwise.number("contiguous_overhead_us") * units::kMicro;
  s.elementwise.row_reduction_dram_efficiency =
      elementwise.positive("row_reduction_dram_efficiency");
  s.elementwise.row_reduction_overhead_s =
      elementwise.number("row_reduction_overhead_us") * units::kMicro;
  s.elementwise.row_reduction_row_bytes_per_s =
      elementwise.positive("row_reduction_row_gb_per_s") * units::kGiga;
  s.elementwise.strided_bytes_per_vector_flop =
      elementwise.positive("strided_bytes_per_vector_flop");
  s.elementwise.strided_overhead_s = elementwise.number("strided_overhead_us") * units::kMicro;
  elementwise.finish();

  Table formats = root.table("formats");
  s.formats.fp8_tensor_scale = formats.positive("fp8_tensor_scale");
  s.formats.fp4_tensor_scale = formats.positive("fp4_tensor_scale");
  formats.finish();

  Table fit = root.table("fit");
  s.fit.gemm_points = fit.integer("gemm_points", 1);
  s.fit.gemm_points_excluded = fit.integer("gemm_points_excluded", 0);
  s.fit.gemm_median_abs_error = fit.number("gemm_median_abs_error");
  s.fit.gemm_worst_abs_error = fit.number("gemm_worst_abs_error");
  fit.finish();
  root.finish();
  return s;
}

GemmEfficiency GpuEfficiencySpec::gemm_for(DType compute) const {
  GemmEfficiency g = gemm;
  const double scale = compute == DType::kFp8   ? formats.fp8_tensor_scale
                       : compute == DType::kFp4 ? formats.fp4_tensor_scale
                                                : 1.0;
  g.unit_tensor_efficiency *= scale;
  g.chip_tensor_efficiency *= scale;
  return g;
}

GpuEfficiencySpec efficiency_for(const ArchSpec& arch) {
  if (arch.family != ChipFamily::kGpu) return {};
  return load_gpu_efficiency(arch.calibration_file);
}

void save_gpu_efficiency(const GpuEfficiencySpec& s, const std::string& path) {
  const std::string text = fmt::format(
      "# GPU kernel efficiencies fitted by `xpusim calibrate` (make -f Makefile.hw calibrate).\n"
      "# Generated: edit the fitting code or the measurements, not this file. docs/calibration.md\n"
      "# explains the model each number belongs to.\n\n"
      "[source]\nmeasurements = \"{}\"\nelementwise_measurements = \"{}\"\n"
      "attention_backward_measurements = \"{}\"\n\n"
      "[gemm]\nunit_tensor_efficiency = {:.6f}\nchip_tensor_efficiency = {:.6f}\n"
      "dram_efficiency = {:.6f}\nkernel_overhead_us = {:.4f}\noverlap_exponent = {:.4f}\n"
      "\n"
      "[attention]\nprefill_tensor_efficiency = {:.6f}\nprefill_overhead_us = {:.4f}\n"
      "decode_dram_efficiency = {:.6f}\ndecode_overhead_us = {:.4f}\n"
      "backward_rate_over_forward = {:.6f}\n\n"
      "[elementwise]\ncontiguous_dram_efficiency = {:.6f}\ncontiguous_overhead_us = {:.4f}\n"
      "row_reduction_dram_efficiency = {:.6f}\nrow_reduction_overhead_us = {:.4f}\n"
      "row_reduction_row_gb_per_s = {:.4f}\n"
      "strided_bytes_per_vector_flop = {:.6f}\nstrided_overhead_us = {:.4f}\n\n"
      "[formats]\nfp8_tensor_scale = {:.6f}\nfp4_tensor_scale = {:.6f}\n\n"
      "[fit]\ngemm_points = {}\ngemm_points_excluded = {}\ngemm_median_abs_error = {:.4f}\n"
      "gemm_worst_abs_error = {:.4f}\n",
      s.measurements, s.elementwise_measurements, s.attention_backward_measurements,
      s.gemm.unit_tensor_efficiency, s.gemm.chip_tensor_efficiency, s.gemm.dram_efficiency,
      s.gemm.kernel_overhead_s / units::kMicro, s.gemm.overlap_exponent,
      s.attention.prefill_tensor_efficiency, s.attention.prefill_overhead_s / units::kMicro,
      s.attention.decode_dram_efficiency, s.attention.decode_overhead_s / units::kMicro,
      s.attention.backward_rate_over_forward, s.elementwise.contiguous_dram_efficiency,
      s.elementwise.contiguous_overhead_s / units::kMicro,
      s.elementwise.row_reduction_dram_efficiency,
      s.elementwise.row_reduction_overhead_s / units::kMicro,
      s.elementwise.row_reduction_row_bytes_per_s / units::kGiga,
      s.elementwise.strided_bytes_per_vector_flop, s.elementwise.strided_overhead_s / units::kMicro,
      s.formats.fp8_tensor_scale, s.formats.fp4_tensor_scale, s.fit.gemm_points,
      s.fit.gemm_points_excluded, s.fit.gemm_median_abs_error, s.fit.gemm_worst_abs_error);
  // Read back before writing: a fit that every later run would refuse (an efficiency of 0 from
  // degenerate measurements, a path that breaks the TOML) is an error now, not a file.
  decode_gpu_efficiency(Document::parse(text, path));
  write_file_atomically(path, text, "the calibration file");
}

void save_transferred_efficiency(const TensorTransfer& t, const std::string& measurements,
                                 const std::string& path) {
  const auto folder = std::filesystem::path(path).parent_path();
  const std::string base =
      std::filesystem::path(t.base_file).lexically_relative(folder.empty() ? "." : folder).string();
  const std::string text = fmt::format(
      "# GPU kernel efficiencies of {}: the fit in {} with its GEMM tensor efficiencies scaled,\n"
      "# one factor per compute format, by measured max-achievable matmul rates. Generated by\n"
      "# `xpusim calibrate` (make -f Makefile.hw calibrate): edit the measurements or the fitting\n"
      "# code, not this file. docs/calibration.md explains the transfer.\n\n"
      "[source]\nbase = \"{}\"\nmeasurements = \"{}\"\ndie = \"{}\"\n\n"
      "[tensor_scale]\nbf16 = {:.6f}\nfp8 = {:.6f}\nfp4 = {:.6f}\n\n"
      "[fit]\nrows = {}\nworst_row_abs_error = {:.4f}\n",
      t.die, base, base, measurements, t.die, t.bf16_scale, t.fp8_scale, t.fp4_scale, t.rows,
      t.worst_row_abs_error);
  decode_gpu_efficiency(Document::parse(text, path));
  write_file_atomically(path, text, "the calibration file");
}

}  // namespace xpu::config
