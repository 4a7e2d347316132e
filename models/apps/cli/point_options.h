// SPDX-License-Identifier: MIT
#pragma once
// The options that name one design point (arch, workload, phase and shape, layout, dtypes),
// shared by every command that evaluates a single point (`run`, `explain`).
#include <CLI/CLI.hpp>
#include <string>

#include "config/arch_spec.h"
#include "config/resolve.h"
#include "config/workload_spec.h"
#include "workload/scenario.h"

namespace xpu::cli {

// --weight-dtype, --activation-dtype, --kv-dtype: the formats a command runs the model in.
struct DTypeFlags {
  std::string weights, activations, kv_cache;
};
void add_dtype_options(CLI::App& cmd, DTypeFlags& flags);
config::DTypeOverrides dtype_overrides(const DTypeFlags& flags);

struct PointOptions {
  std::string arch, workload, phase, parallel;
  int64_t batch = 1, prompt = 0, context = 0, layers = 0, chips = 0;
  double power_cap_w = 0.0;  // --power-cap-w
  DTypeFlags dtypes;
  std::string software = "fused";
};

void add_point_options(CLI::App& cmd, PointOptions& o);
// --software fused|eager (docs/gpu_software.md), shared by run, serve and sweep.
void add_software_option(CLI::App& cmd, std::string& software);

struct DesignPoint {
  config::ArchSpec arch;
  config::WorkloadSpec workload;  // resolved against the arch and the dtype overrides
  workload::Scenario scenario;
};

// Checks the shape flags (--prompt with prefill, --context with decode), loads the files.
// Throws CLI errors for flag misuse and ConfigError for bad files.
DesignPoint load_point(const PointOptions& o, const CLI::App& cmd);

}  // namespace xpu::cli
