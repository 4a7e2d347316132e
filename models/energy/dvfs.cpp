// SPDX-License-Identifier: MIT
#include "energy/dvfs.h"

#include <algorithm>

namespace xpu::energy {

namespace {

// Halvings of the clock interval: 2^-60 of a GHz-wide interval is below a microhertz.
constexpr int kBisections = 60;

}  // namespace

double VfCurve::voltage_v(double clock_hz) const {
  const auto& s = m_spec;
  const double f = std::clamp(clock_hz, s.min_clock_hz, s.max_clock_hz);
  return s.min_voltage_v + (s.max_voltage_v - s.min_voltage_v) * (f - s.min_clock_hz) /
                               (s.max_clock_hz - s.min_clock_hz);
}

double VfCurve::energy_scale(double clock_hz) const {
  const double v = voltage_v(clock_hz) / voltage_v(m_spec.reference_clock_hz);
  return v * v;
}

double ClockedStep::latency_at(double clock_hz, double timed_clock_hz) const {
  return latency_s * (clocked_share * timed_clock_hz / clock_hz + 1.0 - clocked_share);
}

double ClockedStep::power_per_chip_w(const VfCurve& curve, double clock_hz) const {
  const double t = latency_at(clock_hz, curve.timed_clock_hz());
  const double dynamic_j = core_j * curve.energy_scale(clock_hz) + uncore_j;
  return (dynamic_j / t + static_w) / static_cast<double>(chips);
}

OperatingPoint clock_for_cap(const VfCurve& curve, const ClockedStep& step, double cap_per_chip_w) {
  const double f_timed = curve.timed_clock_hz();
  const auto at = [&](double f, bool met) {
    OperatingPoint p;
    p.clock_hz = f;
    p.voltage_v = curve.voltage_v(f);
    p.clocked_stretch = f_timed / f;
    p.latency_s = step.latency_at(f, f_timed);
    p.energy_scale = curve.energy_scale(f);
    p.cap_met = met;
    return p;
  };
  if (step.power_per_chip_w(curve, f_timed) <= cap_per_chip_w) return at(f_timed, true);
  double lo = curve.min_clock_hz();
  if (step.power_per_chip_w(curve, lo) > cap_per_chip_w) return at(lo, false);
  double hi = f_timed;  // invariant: power(lo) <= cap < power(hi)
  for (int i = 0; i < kBisections; ++i) {
    const double mid = 0.5 * (lo + hi);
    (step.power_per_chip_w(curve, mid) <= cap_per_chip_w ? lo : hi) = mid;
  }
  return at(lo, true);
}

}  // namespace xpu::energy
