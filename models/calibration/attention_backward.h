// SPDX-License-Identifier: MIT
#pragma once
// Flash attention's backward rate against its forward's, published for the H100
// (calibration/measurements/attention_backward.toml): what the training step's attention backward
// is timed at, as a fraction of the forward's fitted rate.
#include <cstdint>
#include <string>
#include <vector>

namespace xpu::calibration {

struct AttentionBackwardRow {
  std::string library;  // cudnn | flashattention3
  int64_t sequence = 0;
  double forward_flops_per_s = 0.0;
  double backward_flops_per_s = 0.0;  // counting 2.5x the forward's FLOPs
};

struct AttentionBackwardSet {
  std::string file;
  std::vector<AttentionBackwardRow> rows;
};

// Throws ConfigError naming the file, line and key of a missing or malformed field.
AttentionBackwardSet load_attention_backward(const std::string& path);

// Sequences from this long on are the ones training runs attention at (docs/scale_out.md).
inline constexpr int64_t kTrainingAttentionMinSequence = 4096;

// The median backward / forward rate over the rows at kTrainingAttentionMinSequence tokens or
// more. Throws ConfigError when no row is that long.
double backward_rate_over_forward(const AttentionBackwardSet& set);

}  // namespace xpu::calibration
