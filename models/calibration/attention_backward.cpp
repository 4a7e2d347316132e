// SPDX-License-Identifier: MIT
#include "calibration/attention_backward.h"

#include <fmt/format.h>

#include <utility>

#include "calibration/fit_gpu.h"
#include "common/error.h"
#include "config/toml_reader.h"

namespace xpu::calibration {

AttentionBackwardSet load_attention_backward(const std::string& path) {
  auto doc = config::Document::load(path);
  config::Table root = config::Table::root_of(doc);
  AttentionBackwardSet set;
  set.file = path;
  for (auto& r : root.table_array("row")) {
    AttentionBackwardRow row;
    row.library = r.choice("library", {"cudnn", "flashattention3"});
    row.sequence = r.integer("sequence", 1);
    row.forward_flops_per_s = r.positive("forward_tflops") * 1e12;
    row.backward_flops_per_s = r.positive("backward_tflops") * 1e12;
    r.finish();
    set.rows.push_back(row);
  }
  root.finish();
  return set;
}

double backward_rate_over_forward(const AttentionBackwardSet& set) {
  std::vector<double> ratios;
  for (const auto& row : set.rows) {
    if (row.sequence >= kTrainingAttentionMinSequence)
      ratios.push_back(row.backward_flops_per_s / row.forward_flops_per_s);
  }
  if (ratios.empty())
    throw ConfigError(set.file, 0, "row.sequence",
                      fmt::format("no row of {} tokens or more", kTrainingAttentionMinSequence));
  return median(std::move(ratios));
}

}  // namespace xpu::calibration
