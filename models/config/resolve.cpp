// SPDX-License-Identifier: MIT
#include "config/resolve.h"

namespace xpu::config {

WorkloadSpec resolve_workload(const ArchSpec& arch, WorkloadSpec w, const DTypeOverrides& o) {
  if (arch.native_dtypes) w.dtypes = *arch.native_dtypes;
  if (o.weights) w.dtypes.weights = *o.weights;
  if (o.activations) w.dtypes.activations = *o.activations;
  if (o.kv_cache) w.dtypes.kv_cache = *o.kv_cache;
  return w;
}

}  // namespace xpu::config
