// SPDX-License-Identifier: MIT
#pragma once
// One chip as an engine sees it, resolved once from its arch file: the family's traits and
// the calibration its rates need. The compiler lays a model over it (compiler/plan.h) and every
// engine reads its rates through it: gpu_kernel_rates.h (kernel-by-kernel), static_schedule.h
// (statically scheduled families) and collectives.h (chip-to-chip links).
#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "machine/traits.h"

namespace xpu::machine {

// Refers to its arch spec, which must outlive it.
struct Machine {
  const config::ArchSpec* arch = nullptr;
  const FamilyTraits* traits = nullptr;
  // The fitted GPU kernel efficiencies (calibration/gpu_efficiency.toml); empty for families
  // whose rates have no fitted parameters.
  config::GpuEfficiencySpec calibration;

  bool kernel_by_kernel() const { return traits->execution == ExecutionModel::kKernelByKernel; }
};

// The machine of `arch`, with the calibration its arch file names (read once per file and
// thread: every point of a sweep shares it).
Machine resolve(const config::ArchSpec& arch);
// The same with a given calibration (the fit, tests of a calibration).
Machine resolve(const config::ArchSpec& arch, config::GpuEfficiencySpec calibration);

}  // namespace xpu::machine
