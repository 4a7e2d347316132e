// SPDX-License-Identifier: MIT
#include "manufacturing/wafer.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace xpu::manufacturing {

namespace {
constexpr double kMm2PerCm2 = 100.0;

// Decoders refuse non-positive sizes; reaching here with one is a bug, not bad input.
void require_positive(double value, const char* what) {
  if (!(value > 0.0)) throw std::invalid_argument(std::string(what) + " must be > 0");
}
}  // namespace

double gross_dies_per_wafer(double diameter_mm, double die_area_mm2) {
  require_positive(diameter_mm, "wafer diameter");
  require_positive(die_area_mm2, "die area");
  const double d = diameter_mm;
  const double dies = std::numbers::pi * d * d / (4.0 * die_area_mm2) -
                      std::numbers::pi * d / std::sqrt(2.0 * die_area_mm2);
  return std::max(0.0, dies);
}

double poisson_yield(double die_area_mm2, double defects_per_cm2) {
  require_positive(die_area_mm2, "die area");
  if (defects_per_cm2 < 0.0) throw std::invalid_argument("defect density must be >= 0");
  return std::exp(-die_area_mm2 / kMm2PerCm2 * defects_per_cm2);
}

double murphy_yield(double die_area_mm2, double defects_per_cm2) {
  require_positive(die_area_mm2, "die area");
  if (defects_per_cm2 < 0.0) throw std::invalid_argument("defect density must be >= 0");
  const double ad = die_area_mm2 / kMm2PerCm2 * defects_per_cm2;
  if (ad == 0.0) return 1.0;  // the limit of the formula; it is 0/0 at exactly zero defects
  const double y = (1.0 - std::exp(-ad)) / ad;
  return y * y;
}

}  // namespace xpu::manufacturing
