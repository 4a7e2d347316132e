// SPDX-License-Identifier: MIT
#pragma once
// The one label of what bounds a step, shared by the sweep's `bound` column and the verdict of
// `xpusim explain`, so that both call the same point the same.
#include <map>
#include <string>

#include "result/result.h"

namespace xpu {

// The bound an op counts under: rows of kind "link" (tokens crossing chip boundaries) are
// "latency"; every other op keeps the bound its engine gave it ("compute", "memory",
// "quantisation", "overhead", "network").
inline std::string bound_category(const OpResult& op) {
  return op.kind == OpKind::kLink ? "latency" : std::string(name_of(op.bound));
}

// Step time by bound category, all occurrences of every op.
inline std::map<std::string, double> time_by_bound(const Result& r) {
  std::map<std::string, double> time;
  for (const auto& op : r.ops) time[bound_category(op)] += op.time_s;
  return time;
}

struct DominantBound {
  std::string bound;   // the category taking most of the step time (ties: the first by name)
  double share = 0.0;  // its fraction of the step latency
};

inline DominantBound dominant_bound(const Result& r) {
  DominantBound d;
  double most_s = 0.0;
  for (const auto& [bound, t] : time_by_bound(r)) {
    if (d.bound.empty() || t > most_s) d.bound = bound, most_s = t;
  }
  d.share = r.latency_s > 0.0 ? most_s / r.latency_s : 0.0;
  return d;
}

}  // namespace xpu
