// SPDX-License-Identifier: MIT
#include "config/resolve.h"

#include <fmt/format.h>

#include "common/error.h"

namespace xpu::config {

WorkloadSpec resolve_workload(const ArchSpec& arch, WorkloadSpec w, const DTypeOverrides& o) {
  if (arch.native_dtypes) w.dtypes = *arch.native_dtypes;
  if (o.weights) w.dtypes.weights = *o.weights;
  if (o.activations) w.dtypes.activations = *o.activations;
  if (o.kv_cache) w.dtypes.kv_cache = *o.kv_cache;
  return w;
}

WorkloadSpec with_software(const ArchSpec& arch, WorkloadSpec w, Software software) {
  if (software == Software::kEager && arch.family != ChipFamily::kGpu) {
    throw InfeasibleError(fmt::format(
        "software = \"eager\" (a PyTorch kernel per step) applies to GPUs; {} is a {} chip",
        arch.name, name_of(arch.family)));
  }
  w.software = software;
  return w;
}

WorkloadSpec resolve_workload_best(const ArchSpec& arch, WorkloadSpec w,
                                   std::optional<DType> force) {
  if (force) return resolve_workload(arch, std::move(w), {force, force, force});
  if (!arch.native_dtypes && arch.preferred_dtypes) w.dtypes = *arch.preferred_dtypes;
  return resolve_workload(arch, std::move(w));
}

}  // namespace xpu::config
