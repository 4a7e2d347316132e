// SPDX-License-Identifier: MIT
#include "calibration/nelder_mead.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace xpu::calibration {

namespace {

using Point = std::vector<double>;

Point along(const Point& from, const Point& to, double t) {
  Point p(from.size());
  for (size_t i = 0; i < p.size(); ++i) p[i] = from[i] + t * (to[i] - from[i]);
  return p;
}

Point simplex_search(const std::function<double(const Point&)>& loss, const Point& start) {
  const size_t n = start.size();
  std::vector<Point> pts{start};
  for (size_t i = 0; i < n; ++i) {
    Point p = start;
    p[i] = p[i] != 0.0 ? p[i] * 1.1 : 0.1;
    pts.push_back(p);
  }
  std::vector<double> val(pts.size());
  std::transform(pts.begin(), pts.end(), val.begin(), loss);
  std::vector<size_t> order(pts.size());
  for (int iter = 0; iter < 20000; ++iter) {
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return val[a] < val[b]; });
    const size_t best = order.front(), worst = order.back(), second = order[n - 1];
    if (std::abs(val[worst] - val[best]) <= 1e-13 * (1.0 + std::abs(val[best]))) break;
    Point centroid(n, 0.0);
    for (size_t i : order) {
      if (i == worst) continue;
      for (size_t j = 0; j < n; ++j) centroid[j] += pts[i][j] / static_cast<double>(n);
    }
    Point reflected = along(centroid, pts[worst], -1.0);
    double fr = loss(reflected);
    if (fr < val[best]) {
      Point expanded = along(centroid, pts[worst], -2.0);
      double fe = loss(expanded);
      pts[worst] = fe < fr ? expanded : reflected;
      val[worst] = std::min(fe, fr);
    } else if (fr < val[second]) {
      pts[worst] = reflected;
      val[worst] = fr;
    } else {
      Point contracted = along(centroid, pts[worst], 0.5);
      double fc = loss(contracted);
      if (fc < val[worst]) {
        pts[worst] = contracted;
        val[worst] = fc;
      } else {
        for (size_t i : order) {
          if (i == best) continue;
          pts[i] = along(pts[best], pts[i], 0.5);
          val[i] = loss(pts[i]);
        }
      }
    }
  }
  return pts[std::min_element(val.begin(), val.end()) - val.begin()];
}

}  // namespace

std::vector<double> minimise(const std::function<double(const std::vector<double>&)>& loss,
                             std::vector<double> start, int restarts) {
  for (int i = 0; i < restarts; ++i) start = simplex_search(loss, start);
  return start;
}

}  // namespace xpu::calibration
