// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>

namespace xpu::workload {

enum class Phase { kPrefill, kDecode };

// What is run: one decode step for `batch` sequences each holding `context` tokens, or the
// prefill of `batch` prompts of `prompt` tokens.
struct Scenario {
  Phase phase = Phase::kDecode;
  int64_t batch = 1;
  int64_t prompt = 0;   // prefill only
  int64_t context = 0;  // decode only: tokens already in the KV cache
  std::optional<int64_t> layers;  // evaluate only the first N decoder layers
  std::optional<int64_t> chips;   // chips to spread the model over; default: as few as fit

  int64_t new_tokens_per_sequence() const { return phase == Phase::kPrefill ? prompt : 1; }
  int64_t kv_tokens_per_sequence() const { return phase == Phase::kPrefill ? prompt : context + 1; }
};

}  // namespace xpu::workload
