// SPDX-License-Identifier: MIT
#include "training/pipeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/error.h"

namespace xpu::training {

namespace {

std::vector<double> stage_extras(int64_t stages, double first_extra, double last_extra) {
  std::vector<double> extra(static_cast<size_t>(stages), 0.0);
  extra.front() += first_extra;
  extra.back() += last_extra;
  return extra;
}

// Layers each stage can hold without exceeding a slot of `slot` layer-equivalents.
std::vector<int64_t> capacities(const std::vector<double>& extra, double slot) {
  std::vector<int64_t> cap;
  for (double e : extra)
    cap.push_back(std::max<int64_t>(0, static_cast<int64_t>(std::floor(slot - e + 1e-9))));
  return cap;
}

int64_t sum(const std::vector<int64_t>& v) {
  int64_t s = 0;
  for (int64_t x : v) s += x;
  return s;
}

}  // namespace

PipelineLayout place_layers(int64_t layers, int64_t stages, double first_extra, double last_extra) {
  if (stages < 1 || stages > layers) {
    throw InfeasibleError(
        fmt::format("pp={} stages cannot each hold a layer of a {}-layer model", stages, layers));
  }
  const auto extra = stage_extras(stages, first_extra, last_extra);
  // The slowest stage runs a whole number of layers plus its extra work: try those slot
  // lengths from the shortest up and keep the first that holds every layer.
  std::vector<double> slots;
  for (int64_t n = 1; n <= layers; ++n) {
    for (double e : extra) slots.push_back(static_cast<double>(n) + e);
  }
  std::sort(slots.begin(), slots.end());
  for (double slot : slots) {
    auto cap = capacities(extra, slot);
    if (sum(cap) < layers) continue;
    int64_t spare = sum(cap) - layers;
    for (auto& c : cap) {  // spare slots come off the first stages (the most activations in flight)
      const int64_t off = std::min(spare, std::max<int64_t>(0, c - 1));
      c -= off;
      spare -= off;
    }
    PipelineLayout out;
    out.layers_per_stage = cap;
    for (size_t i = 0; i < cap.size(); ++i) {
      const double work = static_cast<double>(cap[i]) + extra[i];
      if (work > out.slot_layer_equivalents) {
        out.slot_layer_equivalents = work;
        out.slowest_stage = static_cast<int64_t>(i);
      }
    }
    return out;
  }
  throw InfeasibleError(
      fmt::format("no placement of {} layers on {} stages", layers, stages));  // unreachable
}

double bubble_fraction(Schedule schedule, int64_t stages, int64_t virtual_stages,
                       int64_t micro_batches) {
  const double v = schedule == Schedule::kInterleaved ? static_cast<double>(virtual_stages) : 1.0;
  return static_cast<double>(stages - 1) / (v * static_cast<double>(micro_batches));
}

}  // namespace xpu::training
