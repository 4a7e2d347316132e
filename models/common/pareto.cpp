// SPDX-License-Identifier: MIT
#include "common/pareto.h"

#include <algorithm>
#include <numeric>

namespace xpu {

bool dominates(const std::vector<double>& a, const std::vector<double>& b) {
  bool strictly = false;
  for (size_t k = 0; k < a.size(); ++k) {
    if (a[k] > b[k]) return false;
    strictly = strictly || a[k] < b[k];
  }
  return strictly;
}

// Sorting lexicographically means a point can only be dominated by one before it, so each point
// is compared with the front found so far rather than with every point.
std::vector<size_t> pareto_front(const std::vector<std::vector<double>>& costs) {
  std::vector<size_t> order(costs.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return costs[a] < costs[b]; });
  std::vector<size_t> front;
  for (size_t i : order) {
    const bool dominated = std::any_of(front.begin(), front.end(),
                                       [&](size_t f) { return dominates(costs[f], costs[i]); });
    if (!dominated) front.push_back(i);
  }
  std::sort(front.begin(), front.end());
  return front;
}

}  // namespace xpu
