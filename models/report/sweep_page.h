// SPDX-License-Identifier: MIT
#pragma once
// index.html of a sweep folder (`xpusim sweep --report`): the Pareto front and one chart per
// axis, from the records the sweep wrote. Self-contained like the comparison report (inline CSS
// and SVG, no script, no network) and deterministic: the same results give the same bytes.
#include <string>
#include <vector>

#include "sweep/design.h"
#include "sweep/record.h"
#include "sweep/sweep_spec.h"

namespace xpu::report {

// `records` has one entry per point, in point order; `front` indexes the Pareto points.
std::string to_sweep_html(const sweep::SweepSpec& spec, const std::vector<sweep::Point>& points,
                          const std::vector<sweep::Record>& records,
                          const std::vector<size_t>& front);

}  // namespace xpu::report
