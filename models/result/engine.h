// SPDX-License-Identifier: MIT
#pragma once
// An engine times a compiled plan and returns its Result: analytical::evaluate, or the SystemC
// simulation (sim/sim.h). apps/cli/engine_choice.cpp is the one place a name becomes one; sweeps
// and the serving layer take whichever they are given.
#include <functional>

#include "compiler/plan.h"
#include "result/result.h"

namespace xpu {

// With the SystemC engine one simulation runs at a time in a process (sim/modules/
// systemc_kernel.h): back-to-back calls are fine, concurrent ones are not.
using Engine = std::function<Result(const compiler::Plan&)>;

}  // namespace xpu
