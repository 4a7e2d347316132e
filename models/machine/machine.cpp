// SPDX-License-Identifier: MIT
#include "machine/machine.h"

#include <map>
#include <string>

namespace xpu::machine {

namespace {

// A sweep resolves the same arch (with overrides) for every point; reading the calibration
// file each time would cost more than the evaluation. One cache per thread stays lock-free.
const config::GpuEfficiencySpec& calibration_of(const config::ArchSpec& arch) {
  thread_local std::map<std::string, config::GpuEfficiencySpec> cache;
  auto it = cache.find(arch.calibration_file);
  if (it == cache.end())
    it = cache.emplace(arch.calibration_file, config::efficiency_for(arch)).first;
  return it->second;
}

}  // namespace

Machine resolve(const config::ArchSpec& arch, config::GpuEfficiencySpec calibration) {
  return {&arch, &traits_of(arch.family), std::move(calibration)};
}

Machine resolve(const config::ArchSpec& arch) {
  if (traits_of(arch.family).execution != ExecutionModel::kKernelByKernel) return resolve(arch, {});
  return resolve(arch, calibration_of(arch));
}

}  // namespace xpu::machine
