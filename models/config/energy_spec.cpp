// SPDX-License-Identifier: MIT
#include "config/energy_spec.h"

namespace xpu::config {

EnergySpec read_energy(Table t, bool has_dram) {
  EnergySpec e;
  e.compute_pj_per_flop = t.positive("compute_pj_per_flop");
  if (has_dram) e.dram_pj_per_bit = t.positive("dram_pj_per_bit");
  if (auto static_w = t.optional_number("static_power_w")) {
    if (*static_w < 0.0) t.fail("static_power_w", "must be >= 0");
    ActionEnergySpec a;
    a.static_power_w = *static_w;
    if (auto clock_w = t.optional_number("clock_power_w")) {
      if (*clock_w < 0.0) t.fail("clock_power_w", "must be >= 0");
      a.clock_power_w = *clock_w;
    }
    a.reference_power_w = t.positive("reference_power_w");
    a.reference_power_limit_w =
        t.optional_positive("reference_power_limit_w").value_or(a.reference_power_w);
    a.sram_pj_per_bit = t.positive("sram_pj_per_bit");
    a.l2_pj_per_bit = t.positive("l2_pj_per_bit");
    a.link_pj_per_bit = t.positive("link_pj_per_bit");
    a.fabric_pj_per_bit = t.optional_positive("fabric_pj_per_bit").value_or(0.0);
    a.memory_path_pj_per_bit = t.optional_positive("memory_path_pj_per_bit").value_or(0.0);
    a.vector_pj_per_flop = t.optional_positive("vector_pj_per_flop").value_or(0.0);
    a.flop_width_exponent = t.positive("flop_width_exponent");
    if (a.flop_width_exponent > 3.0)
      t.fail("flop_width_exponent", "must be <= 3 (2 is an array multiplier)");
    e.actions = a;
  } else {
    for (const char* key :
         {"clock_power_w", "reference_power_w", "reference_power_limit_w", "sram_pj_per_bit",
          "l2_pj_per_bit", "link_pj_per_bit", "fabric_pj_per_bit", "memory_path_pj_per_bit",
          "vector_pj_per_flop", "flop_width_exponent"}) {
      if (t.has(key)) t.fail(key, "only with static_power_w (the action model, docs/energy.md)");
    }
  }
  t.finish();
  return e;
}

}  // namespace xpu::config
