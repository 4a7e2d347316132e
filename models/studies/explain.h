// SPDX-License-Identifier: MIT
#pragma once
// `xpusim explain`: why a design point runs as fast as it does, for a reader learning the
// roofline. Every "what would change it" figure is a re-evaluation of a modified point by the
// analytic engine, never a rule of thumb.
#include <string>

#include "config/arch_spec.h"
#include "config/workload_spec.h"
#include "machine/machine.h"
#include "workload/scenario.h"

namespace xpu::studies {

// Step by step text: the point, its roofline (FLOPs, bytes, intensity against the ridge), the
// ops that dominate and their bound, and what-ifs (batch, memory bandwidth, compute peak,
// context). Throws InfeasibleError when the point itself cannot run.
std::string explain(const config::ArchSpec& arch, const config::WorkloadSpec& workload,
                    const workload::Scenario& scenario);

}  // namespace xpu::studies
