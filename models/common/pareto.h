// SPDX-License-Identifier: MIT
#pragma once
// Pareto front of points scored on several objectives, all to be minimised (negate one to be
// maximised). A point is on the front when no other point is at least as good on every
// objective and strictly better on one. Equal points are all kept.
#include <cstddef>
#include <vector>

namespace xpu {

// Indices into `costs` of the non-dominated points, ascending. Every row has the same length.
std::vector<size_t> pareto_front(const std::vector<std::vector<double>>& costs);

// Whether `a` dominates `b`.
bool dominates(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace xpu
