// SPDX-License-Identifier: MIT
#pragma once
#include "compiler/plan.h"
#include "result/layout.h"

namespace xpu::compiler {

// The layout a Result carries: the plan's mapping and the parallel split it was compiled for.
Layout layout_of(const Plan& plan);

}  // namespace xpu::compiler
