// SPDX-License-Identifier: MIT
// DVFS under a power cap (models/energy/dvfs.h, docs/energy.md "Power caps and DVFS"): the V-f
// law, the clock solved for against the closed form P(f) = P_static + C_eff V(f)^2 f of one op,
// and the H100 at a 400 W limit: compute-bound prefill slower and cheaper per token, memory-bound
// decode untouched, every clock-bound op stretched by f_ref / f and no other.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "analytical/evaluate.h"
#include "common/units.h"
#include "compiler/plan.h"
#include "config/resolve.h"
#include "energy/dvfs.h"
#include "energy/energy_model.h"
#include "machine/machine.h"
#include "test_paths.h"

using namespace xpu;

namespace {

// The curve of archs/h100_sxm.toml, written out: 0.70 V at 990 MHz to 1.00 V at 1,980 MHz (the
// clock the op times are taken at), energy calibrated at 1,838 MHz.
config::DvfsSpec h100_curve() {
  config::DvfsSpec d;
  d.reference_clock_hz = 1838e6;
  d.min_clock_hz = 990e6;
  d.max_clock_hz = 1980e6;
  d.min_voltage_v = 0.70;
  d.max_voltage_v = 1.00;
  return d;
}

double line_voltage(double f_hz) {  // the stated law, independently
  const double f = std::max(f_hz, 990e6);
  return 0.70 + 0.30 * (f - 990e6) / (1980e6 - 990e6);
}

bool clock_bound(const OpResult& o) {
  return o.bound == Bound::kCompute || o.bound == Bound::kQuantisation;
}

struct H100 {
  config::ArchSpec arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  config::WorkloadSpec llama =
      config::resolve_workload(arch, config::load_workload(test::repo("workloads/llama3_8b.toml")));

  Result run(double tdp_w, workload::Phase phase, int64_t batch, int64_t tokens) const {
    auto a = arch;
    a.power.tdp_w = tdp_w;
    workload::Scenario s;
    s.phase = phase;
    s.batch = batch;
    (phase == workload::Phase::kPrefill ? s.prompt : s.context) = tokens;
    return analytical::evaluate(compiler::compile(machine::resolve(a), llama, s));
  }
};

}  // namespace

TEST_CASE("dvfs: the V-f curve is the stated straight line, held at its floor below min_clock") {
  const energy::VfCurve curve(h100_curve());
  CHECK(curve.voltage_v(990e6) == doctest::Approx(0.70));
  CHECK(curve.voltage_v(1980e6) == doctest::Approx(1.00));
  CHECK(curve.voltage_v(1838e6) == doctest::Approx(line_voltage(1838e6)));
  CHECK(curve.voltage_v(500e6) == doctest::Approx(0.70));
  const double v = line_voltage(1400e6) / line_voltage(1838e6);
  CHECK(curve.energy_scale(1400e6) == doctest::Approx(v * v));
  // The same law above the reference clock: the timed clock's voltage costs more per action.
  CHECK(curve.energy_scale(1838e6) == doctest::Approx(1.0));
  const double up = 1.0 / line_voltage(1838e6);
  CHECK(curve.energy_scale(1980e6) == doctest::Approx(up * up));
}

// One compute-bound op on one chip, timed at 1 ms at the 1,980 MHz timed clock, drawing 600 W of
// core dynamic power at the calibrated energy per action and 80 W static. Its closed form:
// P(f) = 80 + C_eff V(f)^2 f with C_eff = 600 / (V_ref^2 f_timed); the time is 1 ms x f_timed / f,
// the energy P(f) x t(f).
TEST_CASE("dvfs: the clock chosen puts one compute-bound op's closed-form power on the cap") {
  const energy::VfCurve curve(h100_curve());
  const double f_ref = 1838e6, f_timed = 1980e6, t_ref = 1e-3, p_static = 80.0, p_core = 600.0;
  const double c_eff = p_core / (std::pow(line_voltage(f_ref), 2) * f_timed);
  const auto closed_power = [&](double f) {
    return p_static + c_eff * std::pow(line_voltage(f), 2) * f;
  };
  energy::ChipEnergy e;
  e.action_model = true;
  e.static_power_w = p_static;
  e.tdp_w = 400.0;
  e.cap_w = 400.0;
  energy::Breakdown b;
  b.compute_j = p_core * t_ref;
  b.static_j = p_static * t_ref;
  const auto c = energy::cap_power(b, e, t_ref, 1, energy::DvfsInput{curve, 1.0});
  REQUIRE(c.clock);
  const double f = c.clock->clock_hz;
  MESSAGE(fmt::format("680 W at 1980 MHz -> cap 400 W at {:.1f} MHz, {:.4f} V", f / 1e6,
                      c.clock->voltage_v));
  CHECK(c.clock->cap_met);
  CHECK(closed_power(f) == doctest::Approx(400.0).epsilon(1e-9));
  CHECK(c.latency_s == doctest::Approx(t_ref * f_timed / f).epsilon(1e-12));
  CHECK(c.energy.total_j() == doctest::Approx(closed_power(f) * t_ref * f_timed / f).epsilon(1e-9));
  // Lower voltage outweighs the longer static time here: the op costs less energy capped.
  CHECK(c.energy.total_j() < b.total_j());

  // Within the cap: the timed clock and time, the core's energy at its voltage. Below the
  // curve's reach: the lowest clock, flagged.
  const auto within = energy::cap_power(b, e, 3 * t_ref, 1, energy::DvfsInput{curve, 1.0});
  CHECK_FALSE(within.clock);
  CHECK(within.latency_s == 3 * t_ref);
  CHECK(within.energy.compute_j == doctest::Approx(b.compute_j * curve.energy_scale(f_timed)));
  CHECK(within.energy.static_j == b.static_j);
  e.cap_w = 150.0;
  const auto out_of_reach = energy::cap_power(b, e, t_ref, 1, energy::DvfsInput{curve, 1.0});
  REQUIRE(out_of_reach.clock);
  CHECK_FALSE(out_of_reach.clock->cap_met);
  CHECK(out_of_reach.clock->clock_hz == 990e6);
}

// A memory-bound share keeps its time and its DRAM energy: only the clocked share stretches.
TEST_CASE("dvfs: memory time and DRAM energy are not scaled by the clock") {
  const energy::VfCurve curve(h100_curve());
  energy::ChipEnergy e;
  e.action_model = true;
  e.static_power_w = 80.0;
  e.tdp_w = e.cap_w = 400.0;
  energy::Breakdown b;
  b.compute_j = 0.4;  // over 1 ms: 400 W core, 200 W DRAM, 80 W static
  b.dram_j = 0.2;
  b.static_j = 0.08;
  const auto c = energy::cap_power(b, e, 1e-3, 1, energy::DvfsInput{curve, 0.5});
  REQUIRE(c.clock);
  const double s = c.clock->clocked_stretch;
  CHECK(c.latency_s == doctest::Approx(1e-3 * (0.5 * s + 0.5)).epsilon(1e-12));
  CHECK(c.energy.dram_j == 0.2);
  CHECK(c.energy.compute_j == doctest::Approx(0.4 * c.clock->energy_scale).epsilon(1e-12));
  CHECK(c.energy.total_j() / c.latency_s == doctest::Approx(400.0).epsilon(1e-9));
}

// Issue 15: a 400 W H100 ran a 2,048-token prefill at 692 W and capping never changed J/token.
// The cap is 400 x 709.5 / 700 = 405.4 W (the calibration's measured overshoot of its limit).
TEST_CASE(
    "dvfs: an H100 at 400 W runs a 2048-token prefill slower and at lower J/token, at a lower "
    "clock, and leaves batch-1 decode alone") {
  const H100 h;
  const auto rated = h.run(700, workload::Phase::kPrefill, 1, 2048);
  const auto capped = h.run(400, workload::Phase::kPrefill, 1, 2048);
  const double cap_w = 400.0 * 709.5 / 700.0;
  MESSAGE(fmt::format(
      "prefill 2048: 700 W: {:.1f} W, {:.3f} ms, {:.4f} J/token; 400 W: {:.1f} W, {:.3f} ms, "
      "{:.4f} J/token at {:.0f} MHz",
      rated.power_per_chip_w, rated.latency_s * 1e3, rated.energy_j_per_token,
      capped.power_per_chip_w, capped.latency_s * 1e3, capped.energy_j_per_token,
      capped.capped_clock_hz / 1e6));
  // At the rated limit the prefill is held at the calibration's measured power, at a clock
  // between the one where the calibration's pure 8192^3 GEMM settles (f_ref, 1,838 MHz) and the
  // timed 1,980: its element-wise and attention steps draw less per second than that GEMM.
  CHECK(rated.power_per_chip_w == doctest::Approx(709.5).epsilon(1e-6));
  CHECK(rated.capped_clock_hz > 1838e6);
  CHECK(rated.capped_clock_hz < 1980e6);
  REQUIRE(capped.capped_clock_hz > 0.0);
  CHECK(capped.capped_clock_hz < 1838e6);
  CHECK(capped.power_per_chip_w <= cap_w * (1.0 + 1e-9));
  CHECK(capped.power_per_chip_w == doctest::Approx(cap_w).epsilon(1e-6));
  CHECK(capped.latency_s > 1.2 * rated.latency_s);
  CHECK(capped.energy_j_per_token < rated.energy_j_per_token);

  // Each op: clock-bound ones x f_timed / f, the rest as timed; the step is their sum. Both runs
  // are on the curve, so a clock-bound op of the capped run is the rated one x f_rated / f.
  const double rated_hz = rated.capped_clock_hz > 0.0 ? rated.capped_clock_hz : 1980e6;
  const double s = rated_hz / capped.capped_clock_hz;
  double sum_s = 0.0;
  REQUIRE(capped.ops.size() == rated.ops.size());
  for (size_t i = 0; i < rated.ops.size(); ++i) {
    CAPTURE(rated.ops[i].name);
    const double expected = rated.ops[i].time_s * (clock_bound(rated.ops[i]) ? s : 1.0);
    CHECK(capped.ops[i].time_s == doctest::Approx(expected).epsilon(1e-12));
    sum_s += capped.ops[i].time_s;
  }
  CHECK(capped.latency_s == doctest::Approx(sum_s).epsilon(1e-12));
  bool named = false;
  for (const auto& w : capped.warnings)
    named |=
        w.rfind("energy: power-capped at 400 W per chip", 0) == 0 &&
        w.find(fmt::format("clock {:.0f} MHz", capped.capped_clock_hz / 1e6)) != std::string::npos;
  CHECK(named);

  // Batch-1 decode streams the weights: under 400 W already, so the cap leaves it as it was.
  const auto decode_rated = h.run(700, workload::Phase::kDecode, 1, 1024);
  const auto decode_capped = h.run(400, workload::Phase::kDecode, 1, 1024);
  MESSAGE(fmt::format("decode b1: {:.1f} W, {:.4f} ms at 700 W; {:.4f} ms at 400 W",
                      decode_rated.power_per_chip_w, decode_rated.latency_s * 1e3,
                      decode_capped.latency_s * 1e3));
  CHECK(decode_capped.latency_s == doctest::Approx(decode_rated.latency_s).epsilon(0.01));
  CHECK(decode_capped.energy_j_per_token ==
        doctest::Approx(decode_rated.energy_j_per_token).epsilon(0.01));
}

// A chip whose arch file has no [power.dvfs] keeps the uniform stretch and says why.
TEST_CASE(
    "dvfs: without a V-f curve a binding cap stretches every op alike and the warning says so") {
  auto arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  arch.power.dvfs.reset();
  arch.power.tdp_w = 400;
  const auto w =
      config::resolve_workload(arch, config::load_workload(test::repo("workloads/llama3_8b.toml")));
  workload::Scenario s;
  s.phase = workload::Phase::kPrefill;
  s.prompt = 2048;
  const auto r = analytical::evaluate(compiler::compile(machine::resolve(arch), w, s));
  CHECK(r.capped_clock_hz == 0.0);
  CHECK(r.power_per_chip_w == doctest::Approx(400.0 * 709.5 / 700.0).epsilon(1e-9));
  bool named = false;
  for (const auto& warning : r.warnings)
    named |= warning.find("by a uniform stretch (no [power.dvfs]") != std::string::npos;
  CHECK(named);
}

// Between the timed clock and the reference clock the energy per action is the calibrated one, so
// a cap met there slows clock-bound work exactly as power demands: the H100's own calibration
// GEMM, timed at 730.5 TFLOP/s and 764 W, comes back to the measured 709.5 W at 678 TFLOP/s.
TEST_CASE(
    "dvfs: the H100 calibration GEMM is brought to its measured power at the reference clock") {
  const energy::VfCurve curve(h100_curve());
  const double timed_flops_per_s = 730.5212567689315e12, window_w = 709.4587150066845;
  const double pj_per_flop = 1.046372890108492e-12;
  energy::ChipEnergy e;
  e.action_model = true;
  e.static_power_w = 80.0;
  e.tdp_w = 700.0;
  e.cap_w = window_w;
  // 1 s of the GEMM as timed, priced as energy::chip_energy splits the all-in figure: static
  // power over the time, the rest per FLOP (static's share taken at the window's rate).
  const double window_flops_per_s = window_w / pj_per_flop;
  energy::Breakdown b;
  b.static_j = 80.0;
  b.compute_j = timed_flops_per_s * (pj_per_flop - 80.0 / window_flops_per_s);
  const auto c = energy::cap_power(b, e, 1.0, 1, energy::DvfsInput{curve, 1.0});
  REQUIRE(c.clock);
  const double rate = timed_flops_per_s / c.latency_s;
  MESSAGE(fmt::format("{:.1f} MHz, {:.1f} TFLOP/s, {:.4f} pJ/FLOP", c.clock->clock_hz / 1e6,
                      rate * 1e-12, c.energy.total_j() / timed_flops_per_s * 1e12));
  CHECK(c.energy.total_j() / c.latency_s == doctest::Approx(window_w).epsilon(1e-9));
  // 1980 x 678.0 / 730.5 = 1,837.7 MHz, a hair under the file's rounded 1,838.
  CHECK(rate == doctest::Approx(window_flops_per_s).epsilon(1e-3));
  CHECK(c.clock->clock_hz ==
        doctest::Approx(1980e6 * window_flops_per_s / timed_flops_per_s).epsilon(1e-3));
  CHECK(c.clock->energy_scale == doctest::Approx(1.0).epsilon(1e-3));
}

// Every GPU with a [power.dvfs] curve lowers its clock along it under a cap, not by the uniform
// stretch. A compute-bound prefill at 60 % of its reference power: slower, at the cap, and its
// energy is the closed form of the V^2 law applied to the uncapped step's own breakdown: core
// energy (compute, register file / shared memory, L2) x (V(f) / V(f_ref))^2, DRAM and links as they
// were, static power over the longer time; V(f) the straight line of the arch file's curve,
// written out here from its five numbers. Below f_ref, V^2 falls faster than static energy grows,
// so J/token does not rise.
TEST_CASE(
    "dvfs: a capped B200, MI300X, MI325X and A100 run a compute-bound prefill slower along their "
    "V-f curves, at the cap, at no higher J/token") {
  for (const char* file :
       {"archs/b200.toml", "archs/mi300x.toml", "archs/mi325x.toml", "archs/a100_sxm.toml"}) {
    CAPTURE(file);
    const auto arch = config::load_arch(test::repo(file));
    REQUIRE(arch.power.dvfs.has_value());
    const auto& d = *arch.power.dvfs;
    const auto w = config::resolve_workload(
        arch, config::load_workload(test::repo("workloads/llama3_8b.toml")));
    workload::Scenario s;
    s.phase = workload::Phase::kPrefill;
    s.prompt = 2048;
    const auto run = [&](double tdp_w) {
      auto a = arch;
      a.power.tdp_w = tdp_w;
      return analytical::evaluate(compiler::compile(machine::resolve(a), w, s));
    };
    const auto rated = run(arch.power.tdp_w);
    // 60 % of the power the reference GEMM draws, the board limit on these GPUs (their
    // reference_power_w); the cap is then the limit, as reference_power_limit_w defaults to it.
    const double cap_w = 0.6 * arch.energy.actions->reference_power_w;
    const auto capped = run(cap_w);
    MESSAGE(
        fmt::format("{}: {:.0f} W {:.3f} ms {:.5f} J/token; capped at {:.0f} W: {:.0f} MHz, "
                    "{:.1f} W, {:.3f} ms, {:.5f} J/token",
                    file, rated.power_per_chip_w, rated.latency_s * 1e3, rated.energy_j_per_token,
                    cap_w, capped.capped_clock_hz / 1e6, capped.power_per_chip_w,
                    capped.latency_s * 1e3, capped.energy_j_per_token));
    REQUIRE(rated.capped_clock_hz == 0.0);  // within its limit: at the timed clock
    REQUIRE(capped.capped_clock_hz > 0.0);
    CHECK(capped.capped_clock_hz < d.reference_clock_hz);
    CHECK(capped.capped_clock_hz >= d.min_clock_hz);
    CHECK(capped.latency_s > 1.1 * rated.latency_s);
    CHECK(capped.power_per_chip_w <= cap_w * (1.0 + 1e-9));
    CHECK(capped.power_per_chip_w == doctest::Approx(cap_w).epsilon(1e-6));

    const auto v = [&](double f) {
      const double fc = std::clamp(f, d.min_clock_hz, d.max_clock_hz);
      return d.min_voltage_v + (d.max_voltage_v - d.min_voltage_v) * (fc - d.min_clock_hz) /
                                   (d.max_clock_hz - d.min_clock_hz);
    };
    const double v2 = std::pow(v(capped.capped_clock_hz) / v(d.reference_clock_hz), 2);
    const auto& b = rated.energy_breakdown_j;
    const double core_j = b.at("compute") + b.at("vector") + b.at("sram") + b.at("l2");
    const double uncore_j = b.at("dram") + b.at("links") + b.at("fabric");
    const double static_w = b.at("static") / rated.latency_s;
    const double expected_j = core_j * v2 + uncore_j + static_w * capped.latency_s;
    CHECK(capped.energy_j == doctest::Approx(expected_j).epsilon(1e-9));
    CHECK(capped.energy_j_per_token <= rated.energy_j_per_token);
    bool uniform = false;
    for (const auto& warning : capped.warnings)
      uniform |= warning.find("uniform stretch") != std::string::npos;
    CHECK_FALSE(uniform);
  }
}
