// SPDX-License-Identifier: MIT
#pragma once
// Resolution of a workload against the chip it runs on: the formats the chip imposes, then the
// user's overrides, in that order. Every engine caller goes through here so that a report and a
// `run` of the same point agree.
#include <optional>

#include "config/arch_spec.h"
#include "config/workload_spec.h"

namespace xpu::config {

struct DTypeOverrides {
  std::optional<DType> weights, activations, kv_cache;
};

WorkloadSpec resolve_workload(const ArchSpec& arch, WorkloadSpec workload,
                              const DTypeOverrides& overrides = {});

}  // namespace xpu::config
