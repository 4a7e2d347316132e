// SPDX-License-Identifier: MIT
#include "sweep/design.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <random>

#include "common/hash.h"

namespace xpu::sweep {

namespace {

namespace fs = std::filesystem;

// A double in [0,1) from the top 53 bits: the same on every platform.
double unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// The axis value at `u` in [0,1): a level chosen by stratum, or a point of the range.
Value value_at(const Axis& a, double u) {
  if (!a.range) {
    const auto k = std::min(a.levels.size() - 1,
                            static_cast<size_t>(u * static_cast<double>(a.levels.size())));
    return a.levels[k];
  }
  const Range& r = *a.range;
  if (r.integer) {
    const double span = r.max - r.min + 1.0;
    return Value{static_cast<int64_t>(std::min(r.max, std::floor(r.min + u * span)))};
  }
  return Value{r.min + u * (r.max - r.min)};
}

Point make_point(const SweepSpec& spec, size_t index, std::vector<Value> values) {
  Point p;
  p.index = index;
  p.id = point_id(spec, values);
  p.values = std::move(values);
  return p;
}

}  // namespace

std::string point_id(const SweepSpec& spec, const std::vector<Value>& values) {
  const auto& s = spec.scenario;
  const BaseFile arch = arch_of(spec, values);
  // File names, not paths: the same spec run from another folder or checkout resumes.
  std::string key =
      fmt::format("xpusim-sweep-1|{}|{}|{}|{}|{}|{}", fs::path(arch.file).filename().string(),
                  fs::path(spec.workload_file).filename().string(),
                  s.phase == workload::Phase::kDecode ? "decode" : "prefill", s.batch,
                  s.phase == workload::Phase::kDecode ? s.context : s.prompt, s.layers.value_or(0));
  for (size_t i = 0; i < values.size(); ++i)
    key += fmt::format("|{}={}", spec.axes[i].column, to_text(values[i]));
  if (spec.engine != "analytic") key += "|engine=" + spec.engine;
  if (spec.power_cap_w) key += fmt::format("|power_cap_w={}", *spec.power_cap_w);
  if (spec.software != config::Software::kFused)  // absent for fused: older ids resume
    key += fmt::format("|software={}", config::name_of(spec.software));
  uint64_t h = fnv1a(key);
  h = fnv1a(arch.text, h);
  h = fnv1a(spec.workload_text, h);
  return fmt::format("{:016x}", h);
}

std::vector<std::vector<double>> latin_hypercube(size_t n, size_t dims, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::vector<double>> u(n, std::vector<double>(dims));
  std::vector<size_t> strata(n);
  for (size_t d = 0; d < dims; ++d) {
    for (size_t k = 0; k < n; ++k) strata[k] = k;
    for (size_t k = n; k > 1; --k) std::swap(strata[k - 1], strata[rng() % k]);  // Fisher-Yates
    for (size_t k = 0; k < n; ++k) {
      u[k][d] = (static_cast<double>(strata[k]) + unit(rng)) / static_cast<double>(n);
    }
  }
  return u;
}

std::vector<Point> design_points(const SweepSpec& spec) {
  std::vector<Point> points;
  const size_t dims = spec.axes.size();
  if (spec.method == Method::kGrid) {
    size_t total = 1;
    for (const auto& a : spec.axes) total *= a.levels.size();
    points.reserve(total);
    for (size_t i = 0; i < total; ++i) {
      std::vector<Value> values(dims);
      size_t rest = i;
      for (size_t d = dims; d-- > 0;) {  // last axis fastest
        values[d] = spec.axes[d].levels[rest % spec.axes[d].levels.size()];
        rest /= spec.axes[d].levels.size();
      }
      points.push_back(make_point(spec, i, std::move(values)));
    }
    return points;
  }
  const auto n = static_cast<size_t>(spec.samples);
  std::vector<std::vector<double>> u;
  if (spec.method == Method::kLatinHypercube) {
    u = latin_hypercube(n, dims, spec.seed);
  } else {
    std::mt19937_64 rng(spec.seed);
    u.assign(n, std::vector<double>(dims));
    for (auto& row : u) {
      for (auto& x : row) x = unit(rng);
    }
  }
  for (size_t i = 0; i < n; ++i) {
    std::vector<Value> values;
    for (size_t d = 0; d < dims; ++d) values.push_back(value_at(spec.axes[d], u[i][d]));
    points.push_back(make_point(spec, i, std::move(values)));
  }
  return points;
}

}  // namespace xpu::sweep
