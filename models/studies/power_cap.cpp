// SPDX-License-Identifier: MIT
#include "studies/power_cap.h"

#include <fmt/format.h>

#include "analytical/evaluate.h"
#include "common/units.h"
#include "compiler/plan.h"
#include "energy/energy_model.h"
#include "machine/machine.h"
#include "result/energy_actions.h"
#include "result/finite.h"
#include "workload/transformer.h"

namespace xpu::studies {

namespace {

// Joules of one step per token it produces.
double per_token(const Result& r, double joules) {
  const double tokens = r.tokens_per_s * r.latency_s;
  return tokens > 0.0 ? joules / tokens : 0.0;
}

double breakdown(const std::map<std::string, double>& m, const std::string& key) {
  const auto it = m.find(key);
  return it == m.end() ? 0.0 : it->second;
}

}  // namespace

const config::WorkloadSpec* power_cap_workload(const Comparison& c) {
  const config::WorkloadSpec* out = nullptr;
  double fewest = 0.0;
  for (const auto& w : c.workloads) {
    const double params = workload::count_parameters(w, w.layers).total;
    if (!out || params < fewest) out = &w, fewest = params;
  }
  return out;
}

PowerCapPoint evaluate_at_cap(const Comparison& c, config::ArchSpec arch,
                              const config::WorkloadSpec& w, const workload::Scenario& s,
                              double cap_w) {
  arch.power.tdp_w = cap_w;  // what --power-cap-w does (apps/cli/power_cap.cpp)
  const auto machine = machine::resolve(arch);
  PowerCapPoint p;
  p.cap_w = cap_w;
  p.result = analytical::evaluate(compiler::compile(machine, resolved(c, arch, w), s));
  require_sound(p.result);
  // The model's own allowance: the limit scaled by the overshoot its calibration measured.
  const double allowed_w = energy::chip_energy(arch, result::reference_gemm(machine)).cap_w;
  p.in_reach = p.result.power_per_chip_w <= allowed_w * (1.0 + 1e-9);
  return p;
}

std::vector<PowerCapCurve> power_cap_study(const Comparison& c, const PowerCapStudySpec& spec) {
  std::vector<PowerCapCurve> out;
  const config::WorkloadSpec* w = power_cap_workload(c);
  if (!w || c.spec.decode_batches.empty()) return out;
  for (const auto& id : spec.arch_ids) {
    const config::ArchSpec* arch = nullptr;
    for (const auto& a : c.archs) arch = a.id == id ? &a : arch;
    if (!arch || !(arch->power.tdp_w > 0.0)) continue;
    for (const Phase phase : {Phase::kPrefill, Phase::kDecode}) {
      workload::Scenario s;
      if (phase == Phase::kPrefill) {
        s.phase = workload::Phase::kPrefill;
        s.batch = c.spec.prefill_batch;
        s.prompt = c.spec.prefill_prompt;
      } else {
        s.phase = workload::Phase::kDecode;
        s.batch = c.spec.decode_batches.front();
        s.context = c.spec.decode_context;
      }
      PowerCapCurve curve;
      curve.arch = arch;
      curve.workload = w->id;
      curve.phase = phase;
      curve.vf_curve = arch->power.dvfs.has_value();
      try {
        for (int64_t k = spec.steps; k >= 1; --k) {
          const double cap_w =
              arch->power.tdp_w * static_cast<double>(k) / static_cast<double>(spec.steps);
          curve.points.push_back(evaluate_at_cap(c, *arch, *w, s, cap_w));
          if (!curve.points.back().in_reach) break;
        }
      } catch (const std::exception&) {
        // Does not fit on one chip, or cannot run: the report lists why in "Not evaluated"
        // for the comparison's own points; the study draws no curve for it.
        if (curve.points.empty()) continue;
      }
      out.push_back(std::move(curve));
    }
  }
  return out;
}

TextTable power_cap_table(const std::vector<PowerCapCurve>& curves) {
  TextTable t;
  t.header = {"arch",  "phase",   "power limit", "in reach",
              "clock", "latency", "J/token",     "power per chip"};
  t.units = {"", "", "W per chip", "", "MHz", "ms", "J/token", "W"};
  t.numeric = {false, false, true, false, true, true, true, true};
  for (const auto& curve : curves) {
    for (const auto& p : curve.points) {
      const Result& r = p.result;
      t.rows.push_back(
          {curve.arch->id, std::string(name_of(curve.phase)), fmt::format("{:.0f}", p.cap_w),
           p.in_reach ? "yes" : "no",
           r.capped_clock_hz > 0.0 ? fmt::format("{:.0f}", r.capped_clock_hz / units::kMega)
                                   : (curve.vf_curve ? "not lowered" : "n/a (no V-f curve)"),
           fmt::format("{:.3f}", r.latency_s * 1e3), fmt::format("{:.4g}", r.energy_j_per_token),
           fmt::format("{:.1f}", r.power_per_chip_w)});
    }
  }
  return t;
}

TextTable power_split_table(const Comparison& c, const config::WorkloadSpec& w) {
  TextTable t;
  t.header = {"arch",   "phase",        "batch",         "chips",        "J/token",  "dynamic",
              "static", "static: idle", "static: clock", "static share", "per chip", "per replica"};
  t.units = {"",        "",        "sequences", "",  "J/token",   "J/token",
             "J/token", "J/token", "J/token",   "%", "W average", "W average"};
  t.numeric = {false, false, true, true, true, true, true, true, true, true, true, true};
  for (const auto& s : summarize(c, w)) {
    for (const Result* r : {s.prefill, s.decode_best}) {
      if (!r) continue;
      const double static_j = per_token(*r, breakdown(r->energy_breakdown_j, "static"));
      t.rows.push_back(
          {s.arch->id, std::string(name_of(r->phase)), fmt::format("{}", r->batch),
           fmt::format("{}", r->chips), fmt::format("{:.4g}", r->energy_j_per_token),
           fmt::format("{:.4g}", r->energy_j_per_token - static_j), fmt::format("{:.4g}", static_j),
           fmt::format("{:.4g}", per_token(*r, breakdown(r->static_breakdown_j, "idle"))),
           fmt::format("{:.4g}", per_token(*r, breakdown(r->static_breakdown_j, "clock"))),
           fmt::format("{:.1f}", r->energy_j_per_token > 0.0
                                     ? 100.0 * static_j / r->energy_j_per_token
                                     : 0.0),
           fmt::format("{:.1f}", r->power_per_chip_w), fmt::format("{:.1f}", r->avg_power_w)});
    }
  }
  return t;
}

}  // namespace xpu::studies
