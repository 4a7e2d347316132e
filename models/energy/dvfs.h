// SPDX-License-Identifier: MIT
#pragma once
// Clock and voltage under a power cap (dynamic voltage and frequency scaling). The core's power
// at clock f is
//   P(f) = P_static + C_eff V(f)^2 f,
// with V(f) the arch file's curve ([power.dvfs], config::DvfsSpec). Two clocks of that curve are
// fixed by the calibration:
//   - the engines' op times are at max_clock: the kernel model was fitted on short timed loops,
//     which run at the maximum clock (calibration/measurements/h100-sxm-microbench.json);
//   - energy per action is at reference_clock (f_ref, V_ref): compute_pj_per_flop was measured
//     over a sustained window at the board limit, where the clock settles lower. C_eff follows
//     from it: the core's dynamic energy of a step is C_eff V_ref^2 per clock cycle of its work.
// The law holds on both sides of f_ref: a step run at max_clock, within its cap, spends
// (V(max_clock) / V_ref)^2 of the calibrated core energy per action (the calibration measured it
// at f_ref, where the board's limiter held the sustained GEMM). Running at f:
//   - time the core clock sets (ops bound by compute or tile quantisation) stretches by
//     max_clock / f; DRAM, link and launch-overhead time keep their length (own clocks),
//   - the core's dynamic energy (MACs, register file / shared memory, L2) scales by
//     (V(f) / V_ref)^2; DRAM and link energy keep theirs (own supplies),
//   - static power is charged over the longer time (the static floor is idle power, drawn at
//     idle clocks and voltage already, so it is not scaled by V).
// docs/energy.md states the curve, its sources and what is assumed.
#include <cstdint>

#include "config/arch_spec.h"

namespace xpu::energy {

// V(f): a straight line through (min_clock, min_voltage) and (max_clock, max_voltage), held at
// min_voltage below min_clock.
class VfCurve {
 public:
  explicit VfCurve(const config::DvfsSpec& spec) : m_spec(spec) {}
  double voltage_v(double clock_hz) const;
  double reference_clock_hz() const { return m_spec.reference_clock_hz; }
  double min_clock_hz() const { return m_spec.min_clock_hz; }
  double timed_clock_hz() const { return m_spec.max_clock_hz; }  // the engines' op times
  // (V(f) / V(f_ref))^2: the core's dynamic energy per action at f over the calibrated one.
  double energy_scale(double clock_hz) const;

 private:
  config::DvfsSpec m_spec;
};

// A step as the engine timed it (at the timed clock), split the way a clock change treats it.
struct ClockedStep {
  double latency_s = 0.0;      // the engine's (a makespan where streams or ops overlap)
  double clocked_share = 0.0;  // of the engine's op time, the part the core clock sets
  double core_j = 0.0;         // dynamic: MACs, vector FLOPs, register file / shared memory, L2
  double uncore_j = 0.0;       // dynamic: DRAM, links, fabric
  double static_w = 0.0;       // all chips
  int64_t chips = 1;

  // The step at clock f: latency x (share x f_timed / f + 1 - share).
  double latency_at(double clock_hz, double timed_clock_hz) const;
  double power_per_chip_w(const VfCurve& curve, double clock_hz) const;
};

struct OperatingPoint {
  double clock_hz = 0.0;
  double voltage_v = 0.0;
  double clocked_stretch = 1.0;  // f_timed / f: how much longer a clock-bound op takes
  double latency_s = 0.0;
  double energy_scale = 1.0;  // on the core's dynamic energy (VfCurve::energy_scale)
  bool cap_met = true;        // false: even min_clock draws more than the cap
};

// The highest clock in [min_clock, max_clock] at which the step's average power per chip is at
// most `cap_per_chip_w` (bisection: power falls monotonically with the clock); max_clock when the
// step is already within the cap, min_clock (cap_met = false) when no clock of the curve is.
OperatingPoint clock_for_cap(const VfCurve& curve, const ClockedStep& step, double cap_per_chip_w);

}  // namespace xpu::energy
