// SPDX-License-Identifier: MIT
#include "apps/cli/commands.h"

namespace xpu::cli {

void add_commands(CLI::App& app) {
  add_run_command(app);
  add_calibrate_command(app);
  add_serve_command(app);
  add_train_command(app);
  add_latency_wall_command(app);
  add_report_command(app);
  add_sweep_command(app);
  add_explain_command(app);
  add_fleet_command(app);
}

}  // namespace xpu::cli
