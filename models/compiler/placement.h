// SPDX-License-Identifier: MIT
#pragma once
// Decides, by the family's placement (machine/traits.h), where weights and KV cache live and over
// how many chips the model is spread; refuses what a chip cannot run.
#include "compiler/plan.h"

namespace xpu::compiler {

Mapping place(const machine::Machine& machine, const config::WorkloadSpec& w,
              const workload::Scenario& s, const MemoryFootprint& memory);

// Refuses ops whose feature a fixed-function datapath does not implement.
void check_supported(const config::ArchSpec& arch, const std::vector<workload::Op>& ops);

}  // namespace xpu::compiler
