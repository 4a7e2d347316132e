// SPDX-License-Identifier: MIT
#include "compiler/layout.h"

namespace xpu::compiler {

Layout layout_of(const Plan& plan) {
  const auto& map = plan.mapping;
  const auto& par = plan.scenario.parallel;
  Layout l;
  l.chips = map.chips;
  l.tp = par.tp;
  l.pp = par.pp;
  l.ep = par.ep;
  l.dp = par.dp;
  l.pipeline_stages = map.pipeline_stages;
  l.chips_per_layer = map.chips_per_layer;
  l.weights = map.weights;
  l.kv_cache = map.kv_cache;
  l.weights_streamed = map.weights_streamed;
  return l;
}

}  // namespace xpu::compiler
