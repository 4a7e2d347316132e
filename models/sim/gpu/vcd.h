// SPDX-License-Identifier: MIT
#pragma once
// A VCD waveform of the simulated GPU's state (`--vcd`), for a waveform viewer (GTKWave,
// Surfer): which op each stream runs, which SMs compute, the bytes the HBM has moved and
// whether the collective unit is mid-step. SystemC samples these variables at the end of
// every simulated time step; the file is closed when the recorder goes out of scope, after the
// simulation.
#include <string>
#include <systemc>

#include "sim/gpu/gpu_top.h"

namespace xpu::sim {

class VcdRecorder {
 public:
  // Must be built after `gpu` is elaborated and before sc_start. `path` ends in ".vcd".
  VcdRecorder(const std::string& path, const GpuTop& gpu);
  ~VcdRecorder();
  VcdRecorder(const VcdRecorder&) = delete;
  VcdRecorder& operator=(const VcdRecorder&) = delete;

 private:
  sc_core::sc_trace_file* m_file;
};

}  // namespace xpu::sim
