// SPDX-License-Identifier: MIT
#include "apps/cli/power_cap.h"

#include "apps/cli/numbers.h"

namespace xpu::cli {

namespace {

constexpr const char* kFlag = "--power-cap-w";
constexpr double kMinCapW = 1.0;
constexpr double kMaxCapW = 1e6;

}  // namespace

CLI::Option* add_power_cap(CLI::App& cmd, double& cap_w) {
  return add_quantity(cmd, kFlag, cap_w, kMinCapW, kMaxCapW,
                      "Board power limit per chip, W, in place of the arch file's tdp_w; a "
                      "binding limit lowers the clock along the chip's V-f curve (docs/energy.md)",
                      /*exclusive_minimum=*/false);
}

void apply_power_cap(config::ArchSpec& arch, const CLI::App& cmd, double cap_w) {
  if (cmd.count(kFlag)) arch.power.tdp_w = cap_w;
}

}  // namespace xpu::cli
