// SPDX-License-Identifier: MIT
#include "energy/energy_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "common/units.h"

namespace xpu::energy {

double Actions::total_flops() const {
  double sum = 0.0;
  for (const auto& [t, f] : flops) sum += f;
  for (const auto& [t, f] : vector_flops) sum += f;
  return sum;
}

std::map<std::string, double> Breakdown::map() const {
  return {{"compute", compute_j}, {"vector", vector_j}, {"sram", sram_j},     {"l2", l2_j},
          {"dram", dram_j},       {"links", links_j},   {"fabric", fabric_j}, {"static", static_j}};
}

double ChipEnergy::j_per_flop(DType t) const {
  if (!action_model) return mac_j_per_flop_16bit;  // the two-term estimate has no width rule
  const double bits = bytes_per_element(t) * units::kBitsPerByte;
  return mac_j_per_flop_16bit * std::pow(bits / 16.0, width_exponent);
}

double ChipEnergy::vector_j_per_flop_of(DType t) const {
  return vector_j_per_flop > 0.0 ? vector_j_per_flop : j_per_flop(t);
}

ChipEnergy chip_energy(const config::ArchSpec& arch, const ReferenceGemm& ref) {
  const auto& spec = arch.energy;
  const double per_bit = units::kPico * units::kBitsPerByte;  // pJ/bit -> J/byte
  ChipEnergy e;
  e.tdp_w = arch.power.tdp_w;
  e.dram_j_per_byte = spec.dram_pj_per_bit * per_bit;
  const double all_in_j = spec.compute_pj_per_flop * units::kPico;
  if (!spec.actions) {
    e.mac_j_per_flop_16bit = all_in_j;
    return e;
  }
  const auto& a = *spec.actions;
  e.action_model = true;
  e.idle_power_w = a.static_power_w;
  e.clock_power_w = a.clock_power_w;
  e.static_power_w = e.idle_power_w + e.clock_power_w;
  e.width_exponent = a.flop_width_exponent;
  e.sram_j_per_byte = a.sram_pj_per_bit * per_bit;
  e.l2_j_per_byte = a.l2_pj_per_bit * per_bit;
  e.link_j_per_byte = a.link_pj_per_bit * per_bit;
  e.fabric_j_per_byte_hop = a.fabric_pj_per_bit * per_bit;
  e.dram_j_per_byte += a.memory_path_pj_per_bit * per_bit;
  e.vector_j_per_flop = a.vector_pj_per_flop * units::kPico;
  if (!(ref.flops > 0.0)) {
    throw InfeasibleError(
        fmt::format("{}: energy: no reference GEMM to split "
                    "energy.compute_pj_per_flop with",
                    arch.file));
  }
  // The rate the all-in figure was measured at: power / energy per FLOP.
  const double reference_flops_per_s = a.reference_power_w / all_in_j;
  const double static_j = e.static_power_w / reference_flops_per_s;
  const double memory_j = (ref.sram_bytes * e.sram_j_per_byte + ref.l2_bytes * e.l2_j_per_byte +
                           ref.dram_bytes * e.dram_j_per_byte) /
                          ref.flops;
  e.mac_j_per_flop_16bit = all_in_j - static_j - memory_j;
  if (!(e.mac_j_per_flop_16bit > 0.0)) {
    throw InfeasibleError(fmt::format(
        "{}: energy: compute_pj_per_flop {} leaves no MAC energy after static {:.3f} and memory "
        "{:.3f} pJ/FLOP at the reference GEMM ({:.0f} TFLOP/s); docs/energy.md",
        arch.file, spec.compute_pj_per_flop, static_j / units::kPico, memory_j / units::kPico,
        reference_flops_per_s * 1e-12));
  }
  e.calibrated_power_w = a.reference_power_w;
  e.cap_w = e.tdp_w * a.reference_power_w / a.reference_power_limit_w;
  return e;
}

Breakdown price(const Actions& a, const ChipEnergy& e, double latency_s, int64_t chips) {
  Breakdown b;
  for (const auto& [t, f] : a.flops) b.compute_j += f * e.j_per_flop(t);
  for (const auto& [t, f] : a.vector_flops) b.vector_j += f * e.vector_j_per_flop_of(t);
  b.sram_j = a.sram_bytes * e.sram_j_per_byte;
  b.l2_j = a.l2_bytes * e.l2_j_per_byte;
  b.dram_j = a.dram_bytes * e.dram_j_per_byte;
  b.links_j = a.link_bytes * e.link_j_per_byte;
  b.fabric_j = a.fabric_byte_hops * e.fabric_j_per_byte_hop;
  b.static_j = e.static_power_w * static_cast<double>(chips) * latency_s;
  return b;
}

std::map<std::string, double> static_breakdown(const Breakdown& b, const ChipEnergy& e) {
  if (!(e.static_power_w > 0.0)) return {{"idle", b.static_j}, {"clock", 0.0}};
  const double idle_share = e.idle_power_w / e.static_power_w;
  return {{"idle", b.static_j * idle_share}, {"clock", b.static_j * (1.0 - idle_share)}};
}

Capped cap_power(const Breakdown& b, const ChipEnergy& e, double latency_s, int64_t chips,
                 const std::optional<DvfsInput>& dvfs) {
  Capped c{latency_s, 1.0, b, std::nullopt};
  if (!e.action_model || e.tdp_w <= 0.0 || latency_s <= 0.0) return c;
  const double n = static_cast<double>(chips);
  const double cap_w = e.cap_w;
  // With a V-f curve the core's energy per action follows the clock it runs at, capped or not
  // (at the timed clock it is above the calibrated one: V(max_clock) > V(reference_clock)).
  if (!dvfs && b.total_j() / (latency_s * n) <= cap_w) return c;
  if (dvfs) {
    ClockedStep step;
    step.latency_s = latency_s;
    step.clocked_share = dvfs->clocked_share;
    step.core_j = b.core_j();
    step.uncore_j = b.uncore_j();
    step.static_w = e.static_power_w * n;
    step.chips = chips;
    const OperatingPoint p = clock_for_cap(dvfs->curve, step, cap_w);
    c.energy.compute_j *= p.energy_scale;
    c.energy.vector_j *= p.energy_scale;
    c.energy.sram_j *= p.energy_scale;
    c.energy.l2_j *= p.energy_scale;
    if (p.clock_hz < dvfs->curve.timed_clock_hz()) {  // the cap set the clock
      c.clock = p;
      c.latency_s = p.latency_s;
      c.stretch = p.latency_s / latency_s;
      c.energy.static_j = step.static_w * p.latency_s;
    }
    return c;
  }
  if (cap_w <= e.static_power_w) {
    c.below_static = true;
    return c;
  }
  c.latency_s = b.dynamic_j() / (n * (cap_w - e.static_power_w));
  c.stretch = c.latency_s / latency_s;
  c.energy.static_j = e.static_power_w * n * c.latency_s;
  return c;
}

}  // namespace xpu::energy
