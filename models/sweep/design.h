// SPDX-License-Identifier: MIT
#pragma once
// The points of a sweep: the cartesian grid of the axes' levels, or `samples` random or
// Latin-hypercube draws. Deterministic: the same spec and seed give the same points on every
// platform (a fixed-algorithm generator, no std:: distributions, whose output is unspecified).
#include <cstdint>
#include <string>
#include <vector>

#include "sweep/sweep_spec.h"

namespace xpu::sweep {

struct Point {
  size_t index = 0;
  std::vector<Value> values;  // one per spec axis, in axis order
  std::string id;             // point_id()
};

// Grid: the first axis varies slowest. Random and lhs: `spec.samples` points.
std::vector<Point> design_points(const SweepSpec& spec);

// 16 hex digits hashing everything that decides the result: the names and contents of the
// point's arch file and the workload, the base scenario, the engine and the point's axis values.
// Resume matches results by it.
std::string point_id(const SweepSpec& spec, const std::vector<Value>& values);

// Latin-hypercube sample of `n` points in [0,1)^dims: in every dimension each of the n
// strata [k/n, (k+1)/n) holds exactly one point.
std::vector<std::vector<double>> latin_hypercube(size_t n, size_t dims, uint64_t seed);

}  // namespace xpu::sweep
