// SPDX-License-Identifier: MIT
#pragma once
// Writers of the throughput-interactivity curves (`xpusim serve --curve`,
// serving/interactivity_curve.h): JSON, CSV and an SVG chart of each arch's front.
#include <string>
#include <vector>

#include "serving/interactivity_curve.h"

namespace xpu::report {

struct CurveSet {
  std::string scenario;  // scenario id
  std::string title;     // what the chart says it shows
  std::vector<serving::InteractivityCurve> curves;
};

std::string curve_json(const CurveSet& set);
std::string curve_csv(const CurveSet& set);
std::string curve_svg(const CurveSet& set);

}  // namespace xpu::report
