// SPDX-License-Identifier: MIT
#pragma once
// The one place where an engine name (`--engine`) becomes an engine: `run` and `sweep` take
// theirs from here.
#include <string>
#include <vector>

#include "result/engine.h"

namespace xpu::cli {

struct EngineChoice {
  Engine evaluate;
  // The SystemC kernel allows one simulation per process: such an engine runs in worker
  // processes, not threads or MPI ranks.
  bool one_per_process = false;
};

struct EngineOptions {
  std::string trace_path;     // Chrome trace-event JSON of the simulation (systemc); "" = none
  std::string vcd_path;       // VCD waveform (systemc, GPUs); "" = none
  bool progress_bar = false;  // a bar of kernels issued on stderr during a simulation (systemc)
};

// Every engine name, the default first: the values `--engine` accepts.
const std::vector<std::string>& engine_names();

// Throws InfeasibleError for an engine this build lacks (systemc without SystemC).
EngineChoice engine_named(const std::string& name, const EngineOptions& options = {});

}  // namespace xpu::cli
