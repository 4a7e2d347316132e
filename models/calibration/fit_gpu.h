// SPDX-License-Identifier: MIT
#pragma once
// Fits the GPU kernel model (machine/gpu_kernel_rates.h) to measured microbenchmarks.
//
// Loss: mean |log(predicted / measured)|^3 -- relative, symmetric in over/under-prediction, and
// cubed so that the fit cares about its worst points, not only the median.
// Excluded points: a GEMM whose measured time exceeds by more than 15% the time of a *larger*
// M of the same layer. A library that can run 2M rows can run M rows no slower (pad them), so
// such a point is a heuristic miss of that library version, not a property of the hardware.
// Attention points are excluded when a point of the same batch with at least 4x the work ran
// within 15% of their time: the loop was bound by host-side dispatch, not by the GPU.
// They are reported, never silently dropped.
#include <vector>

#include "calibration/microbench.h"
#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"

namespace xpu::calibration {

struct Prediction {
  std::string label;  // "llama3-8b qkv M=128 K=4096 N=6144"
  double measured_s = 0.0;
  double predicted_s = 0.0;
  bool excluded = false;
  double relative_error() const { return predicted_s / measured_s - 1.0; }
};

// The median of unsorted values (the mean of the middle two of an even count); 0 for none.
double median(std::vector<double> values);

// Median and worst |relative error| over the points not excluded.
struct ErrorSummary {
  int points = 0;
  int excluded = 0;
  double median_abs = 0.0;
  double worst_abs = 0.0;
};
ErrorSummary summarise(const std::vector<Prediction>& predictions);

bool is_library_anomaly(const GemmSample& sample, const std::vector<GemmSample>& all);
bool is_dispatch_bound(const AttentionSample& sample, const std::vector<AttentionSample>& all);

// GEMMs computing in `compute` (inputs in that format, a bf16 output), each with the
// library-anomaly exclusion applied within `samples`.
std::vector<Prediction> predict_gemms(const std::vector<GemmSample>& samples,
                                      const config::ArchSpec& arch,
                                      const config::GpuEfficiencySpec& eff, DType compute);
std::vector<Prediction> predict_gemms(const Microbench& mb, const config::ArchSpec& arch,
                                      const config::GpuEfficiencySpec& eff);
std::vector<Prediction> predict_attention(const std::vector<AttentionSample>& samples,
                                          const config::ArchSpec& arch,
                                          const config::GpuEfficiencySpec& eff);

// Each sample's eager ops in the model's own graph of one decoder layer (workload::build_graph),
// timed by machine::streaming_time on `arch`, the GPU the samples were measured on.
std::vector<Prediction> predict_elementwise(const ElementwiseBench& bench,
                                            const config::ArchSpec& arch,
                                            const config::GpuEfficiencySpec& eff);

// Fits every parameter from a fixed neutral starting point, so the result depends only on the
// measurements and the arch files: the GEMM, attention and format parameters on `mb` measured on
// `arch`, the eager element-wise classes on `elementwise` measured on `elementwise_arch`. An
// element-wise class's rate is a fraction of a datasheet rate, which is what carries it to the
// other GPUs.
config::GpuEfficiencySpec fit_gpu_efficiency(const Microbench& mb, const config::ArchSpec& arch,
                                             const ElementwiseBench& elementwise,
                                             const config::ArchSpec& elementwise_arch);

}  // namespace xpu::calibration
