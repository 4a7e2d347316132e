// SPDX-License-Identifier: MIT
#pragma once
// --power-cap-w on `run`, `explain`, `serve` and `sweep`: the board power limit for this
// evaluation in place of the arch file's power.tdp_w (energy/energy_model.h cap_power).
#include <CLI/CLI.hpp>

#include "config/arch_spec.h"

namespace xpu::cli {

// 1 W to 1 MW: a chip's limit (a wafer-scale system draws about 23 kW).
CLI::Option* add_power_cap(CLI::App& cmd, double& cap_w);

// Sets arch.power.tdp_w to `cap_w` when --power-cap-w was given on `cmd`.
void apply_power_cap(config::ArchSpec& arch, const CLI::App& cmd, double cap_w);

}  // namespace xpu::cli
