// SPDX-License-Identifier: MIT
#pragma once
// The chip's power-limited tensor throughput. A lightly loaded GPU clocks its busy units up to
// boost; with every unit busy it holds the clock its power budget allows. Modelled as one
// shared server at the calibrated chip rate (chip_tensor_efficiency x datasheet peak): tensor
// work books time on it in call order, and a unit's step ends when both its own time at the
// boost rate and its booking have passed. The slowdown appears only when the units together
// ask for more than the chip rate.
#include <systemc>

#include "sim/gpu/gpu_interfaces.h"

namespace xpu::sim {

class ChipThrottle : public sc_core::sc_module, public IThrottle {
 public:
  explicit ChipThrottle(sc_core::sc_module_name name) : sc_module(name) {}
  sc_core::sc_time compute(const sc_core::sc_time& unit_time,
                           const sc_core::sc_time& chip_time) override;

  sc_core::sc_time s_busy = sc_core::SC_ZERO_TIME;

 private:
  sc_core::sc_time m_next_free = sc_core::SC_ZERO_TIME;
};

}  // namespace xpu::sim
