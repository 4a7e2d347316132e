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

// `workload` run under `software` on `arch`. Eager software is PyTorch's kernel per step on a
// GPU; asked of another family it is an InfeasibleError naming the chip.
WorkloadSpec with_software(const ArchSpec& arch, WorkloadSpec workload, Software software);

// The formats a comparison runs the chip in: `force` for every tensor when set (a chip that
// lacks it is then not evaluated), else its native formats, else those it runs best
// ([preferred_dtypes]), else the workload's.
WorkloadSpec resolve_workload_best(const ArchSpec& arch, WorkloadSpec workload,
                                   std::optional<DType> force = std::nullopt);

}  // namespace xpu::config
