// SPDX-License-Identifier: MIT
#pragma once
// J/token against the board power limit, for the report's power section: one GPU with a V-f
// curve (H100) and one chip without (Etched Sohu), on a compute-bound prefill and a memory-bound
// decode, at limits from the chip's TDP down to the first one the step cannot meet. Each point
// is evaluated exactly as `run --power-cap-w W` evaluates it: the arch's power.tdp_w set to W,
// then compile and the analytic engine (apps/cli/power_cap.h).
#include <cstdint>
#include <string>
#include <vector>

#include "studies/comparison.h"
#include "studies/comparison_tables.h"

namespace xpu::studies {

struct PowerCapPoint {
  double cap_w = 0.0;  // the board limit set, per chip
  Result result;
  // The model could hold the step at the limit (the calibration's overshoot allowed, as
  // energy::ChipEnergy::cap_w states it); false: even the lowest clock of the curve, or with no
  // curve the static power alone, draws more than it.
  bool in_reach = true;
};

struct PowerCapCurve {
  const config::ArchSpec* arch = nullptr;
  std::string workload;  // workload id
  Phase phase = Phase::kPrefill;
  bool vf_curve = false;  // the arch file has [power.dvfs]
  // From the TDP down in equal steps; the last is the first limit out of reach, when one is.
  std::vector<PowerCapPoint> points;
};

struct PowerCapStudySpec {
  std::vector<std::string> arch_ids = {"h100_sxm", "etched_sohu"};
  int64_t steps = 14;  // limits TDP x k / steps, k = steps .. 1 (50 W apart on a 700 W chip)
};

// The workload the study runs: the comparison's smallest (fewest parameters), so that one chip
// of each arch holds it. nullptr when the comparison has no workload.
const config::WorkloadSpec* power_cap_workload(const Comparison& c);

// One point: `arch` with its board limit set to `cap_w`, the workload in the formats the
// comparison runs the arch in, on one chip, as `run --power-cap-w cap_w` gives it.
PowerCapPoint evaluate_at_cap(const Comparison& c, config::ArchSpec arch,
                              const config::WorkloadSpec& w, const workload::Scenario& s,
                              double cap_w);

// Prefill (the comparison's prefill batch and prompt) and decode (its first decode batch and
// context) curves of every arch of `spec` the comparison loaded; an arch or phase that does not
// run at its TDP has no curve.
std::vector<PowerCapCurve> power_cap_study(const Comparison& c, const PowerCapStudySpec& spec = {});

// Every point of the curves: limit, clock, latency, J/token, power per chip, in reach.
TextTable power_cap_table(const std::vector<PowerCapCurve>& curves);

// Per arch at its prefill and best decode batch: J/token split dynamic and static (idle, clock),
// average power per chip and per replica.
TextTable power_split_table(const Comparison& c, const config::WorkloadSpec& w);

}  // namespace xpu::studies
