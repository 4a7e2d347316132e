// SPDX-License-Identifier: MIT
#include "config/gpu_efficiency_spec.h"

#include <fmt/format.h>

#include "common/atomic_file.h"
#include "common/units.h"
#include "config/arch_spec.h"
#include "config/toml_reader.h"

namespace xpu::config {

GpuEfficiencySpec load_gpu_efficiency(const std::string& path) {
  return decode_gpu_efficiency(Document::load(path));
}

GpuEfficiencySpec decode_gpu_efficiency(const std::shared_ptr<Document>& doc) {
  Table root = Table::root_of(doc);
  GpuEfficiencySpec s;
  s.file = doc->file();

  Table source = root.table("source");
  s.measurements = source.string("measurements");
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
  attention.finish();

  Table elementwise = root.table("elementwise");
  s.elementwise.copy_dram_efficiency = elementwise.positive("copy_dram_efficiency");
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
      "[source]\nmeasurements = \"{}\"\n\n"
      "[gemm]\nunit_tensor_efficiency = {:.6f}\nchip_tensor_efficiency = {:.6f}\n"
      "dram_efficiency = {:.6f}\nkernel_overhead_us = {:.4f}\noverlap_exponent = {:.4f}\n"
      "\n"
      "[attention]\nprefill_tensor_efficiency = {:.6f}\nprefill_overhead_us = {:.4f}\n"
      "decode_dram_efficiency = {:.6f}\ndecode_overhead_us = {:.4f}\n\n"
      "[elementwise]\ncopy_dram_efficiency = {:.6f}\n\n"
      "[formats]\nfp8_tensor_scale = {:.6f}\nfp4_tensor_scale = {:.6f}\n\n"
      "[fit]\ngemm_points = {}\ngemm_points_excluded = {}\ngemm_median_abs_error = {:.4f}\n"
      "gemm_worst_abs_error = {:.4f}\n",
      s.measurements, s.gemm.unit_tensor_efficiency, s.gemm.chip_tensor_efficiency,
      s.gemm.dram_efficiency, s.gemm.kernel_overhead_s / units::kMicro, s.gemm.overlap_exponent,
      s.attention.prefill_tensor_efficiency, s.attention.prefill_overhead_s / units::kMicro,
      s.attention.decode_dram_efficiency, s.attention.decode_overhead_s / units::kMicro,
      s.elementwise.copy_dram_efficiency, s.formats.fp8_tensor_scale, s.formats.fp4_tensor_scale,
      s.fit.gemm_points, s.fit.gemm_points_excluded, s.fit.gemm_median_abs_error,
      s.fit.gemm_worst_abs_error);
  // Read back before writing: a fit that every later run would refuse (an efficiency of 0 from
  // degenerate measurements, a path that breaks the TOML) is an error now, not a file.
  decode_gpu_efficiency(Document::parse(text, path));
  write_file_atomically(path, text, "the calibration file");
}

}  // namespace xpu::config
