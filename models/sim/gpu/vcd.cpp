// SPDX-License-Identifier: MIT
#include "sim/gpu/vcd.h"

#include <fmt/format.h>

#include <fstream>

#include "common/atomic_file.h"
#include "common/error.h"

namespace xpu::sim {

VcdRecorder::VcdRecorder(const std::string& path, const GpuTop& gpu) {
  static constexpr std::string_view kSuffix = ".vcd";
  if (path.size() <= kSuffix.size() || !path.ends_with(kSuffix)) {
    throw ConfigError(path, 0, "--vcd", "the file name must end in .vcd");
  }
  // SystemC opens the file only when the simulation starts and reports a failure as its own
  // error; checking here gives the user the path instead.
  check_output_path(path, "the VCD waveform");  // not an input, a symlink or a device
  if (!std::ofstream(path)) throw ConfigError(path, 0, "--vcd", "cannot open for writing");
  m_file = sc_core::sc_create_vcd_trace_file(
      path.substr(0, path.size() - kSuffix.size()).c_str());  // adds ".vcd"
  // The kernel's resolution (1 ps): a coarser unit cannot represent every event time. SystemC
  // announces the unit as an info report on stdout, which would corrupt --json output.
  sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  m_file->set_time_unit(1.0, sc_core::SC_PS);
  const auto& ops = gpu.m_scheduler.v_op;
  for (size_t s = 0; s < ops.size(); ++s) {
    sc_core::sc_trace(m_file, ops[s], fmt::format("{}.stream{}.op", gpu.m_scheduler.name(), s));
  }
  for (const auto& sm : gpu.m_sms)
    sc_core::sc_trace(m_file, sm.v_computing, fmt::format("{}.computing", sm.name()));
  sc_core::sc_trace(m_file, gpu.m_hbm.s_bytes, fmt::format("{}.bytes", gpu.m_hbm.name()));
  sc_core::sc_trace(m_file, gpu.m_collectives.v_in_step,
                    fmt::format("{}.in_step", gpu.m_collectives.name()));
}

VcdRecorder::~VcdRecorder() { sc_core::sc_close_vcd_trace_file(m_file); }

}  // namespace xpu::sim
