// SPDX-License-Identifier: MIT
#pragma once
// One GPU: the compute-unit array, the crossbar, the L2, the HBM, the chip throttle, the kernel
// scheduler and the collective unit on the chip's links, bound together here and nowhere else.
#include <cstdint>
#include <systemc>
#include <vector>

#include "sim/gpu/chip_throttle.h"
#include "sim/gpu/collective_unit.h"
#include "sim/gpu/compute_unit.h"
#include "sim/gpu/crossbar.h"
#include "sim/gpu/hbm.h"
#include "sim/gpu/kernel_scheduler.h"
#include "sim/gpu/l2_cache.h"
#include "sim/modules/trace.h"

namespace xpu::sim {

struct GpuTopSpec {
  int64_t units = 0;
  HbmSpec hbm;
  L2Spec l2;
  double port_bytes_per_s = 0.0;  // one unit's crossbar port
  CollectiveUnitSpec links;
  int64_t streams = 1;
  int64_t traced_units = 0;
};

class GpuTop : public sc_core::sc_module {
 public:
  GpuTop(sc_core::sc_module_name name, const GpuTopSpec& spec, const std::vector<Step>& program,
         size_t ops, Trace* trace);

  Hbm m_hbm;
  L2Cache m_l2;
  Crossbar m_xbar;
  ChipThrottle m_throttle;
  KernelScheduler m_scheduler;
  CollectiveUnit m_collectives;
  sc_core::sc_vector<ComputeUnit> m_sms;
};

}  // namespace xpu::sim
