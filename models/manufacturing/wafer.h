// SPDX-License-Identifier: MIT
#pragma once
// Wafer geometry and yield: textbook closed forms (calculator.academy; Flynn, Computer
// Architecture), nothing fitted.
// Areas in mm2, lengths in mm, defect densities per cm2 as fabs quote them.

namespace xpu::manufacturing {

// Gross (untested) dies of area `die_area_mm2` on a wafer of usable diameter `diameter_mm`:
//   pi*d^2/(4A) - pi*d/sqrt(2A)
// The second term removes the partial dies along the edge. Fractional (callers floor it where
// whole dies matter); 0 when the die is too large for the wafer.
double gross_dies_per_wafer(double diameter_mm, double die_area_mm2);

// Fraction of dies with no killer defect, defects spread uniformly: exp(-A*D0).
double poisson_yield(double die_area_mm2, double defects_per_cm2);

// Murphy's model, defect density varying across wafers: ((1 - exp(-A*D0)) / (A*D0))^2.
// Always at least the Poisson yield; the gap grows with A*D0, i.e. with die size.
double murphy_yield(double die_area_mm2, double defects_per_cm2);

}  // namespace xpu::manufacturing
