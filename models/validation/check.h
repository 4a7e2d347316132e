// SPDX-License-Identifier: MIT
#pragma once
// The model against each published figure: the same shape evaluated by the analytic engine,
// the deviation, and whether it is inside the figure's tolerance.
#include <string>
#include <vector>

#include "validation/published_figure.h"

namespace xpu::validation {

struct Check {
  PublishedFigure figure;
  double modelled = 0.0;  // in the figure's unit; 0 when `error` is set
  std::string layout;     // what the model ran: chips and parallel layout, batch
  std::string error;      // the model refused the shape (it is then outside by definition)
  double deviation() const { return error.empty() ? modelled / figure.published - 1.0 : 0.0; }
  bool within() const;
};

Check check(const PublishedFigure& figure);
std::vector<Check> check_all(const std::vector<PublishedFigure>& figures);

}  // namespace xpu::validation
