// SPDX-License-Identifier: MIT
#pragma once
// One function per `xpusim` subcommand; each adds its options and its callback to the app.
// Callbacks throw ConfigError / InfeasibleError; main() turns them into messages and exit codes.
#include <CLI/CLI.hpp>

namespace xpu::cli {

void add_run_command(CLI::App& app);
void add_calibrate_command(CLI::App& app);
void add_serve_command(CLI::App& app);
void add_train_command(CLI::App& app);
void add_latency_wall_command(CLI::App& app);
void add_report_command(CLI::App& app);
void add_sweep_command(CLI::App& app);
void add_explain_command(CLI::App& app);
void add_fleet_command(CLI::App& app);

// Every subcommand above: the one list that `xpusim` and the CLI fuzzer both parse with.
void add_commands(CLI::App& app);

}  // namespace xpu::cli
