// SPDX-License-Identifier: MIT
#pragma once
#include <functional>
#include <vector>

namespace xpu::calibration {

// Derivative-free minimisation (Nelder-Mead simplex with restarts). Deterministic: the same
// start gives the same answer, so `xpusim calibrate` reproduces the committed file exactly.
std::vector<double> minimise(const std::function<double(const std::vector<double>&)>& loss,
                             std::vector<double> start, int restarts = 6);

}  // namespace xpu::calibration
