// SPDX-License-Identifier: MIT
#include "sim/spatial/spatial_program.h"

#include <algorithm>

namespace xpu::sim {

std::vector<SpatialStep> program_of(const compiler::Plan& plan, int64_t stages) {
  const auto& ops = plan.ops;
  auto layer_group_end = [&](size_t i) {
    size_t j = i + 1;
    while (j < ops.size() && ops[i].repeat > 1 && ops[j].repeat == ops[i].repeat) ++j;
    return j;
  };
  int64_t layers = 0;
  for (size_t i = 0; i < ops.size(); i = layer_group_end(i)) {
    if (ops[i].repeat > 1) layers += ops[i].repeat;
  }
  std::vector<SpatialStep> program;
  int64_t layer = 0;
  for (size_t i = 0; i < ops.size();) {
    const size_t j = layer_group_end(i);
    if (ops[i].repeat > 1) {
      for (int64_t r = 0; r < ops[i].repeat; ++r, ++layer) {
        const int64_t stage = std::min(stages - 1, layer * stages / layers);
        for (size_t k = i; k < j; ++k) program.push_back({k, stage});
      }
    } else {
      program.push_back({i, layer == 0 ? 0 : stages - 1});
    }
    i = j;
  }
  return program;
}

}  // namespace xpu::sim
