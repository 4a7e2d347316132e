// SPDX-License-Identifier: MIT
#pragma once
// The software a GPU runs a model with, as far as it changes the kernels: which element-wise
// steps are fused into one kernel, and how each kernel is launched (docs/gpu_software.md).
#include <optional>
#include <string_view>

namespace xpu::config {

enum class Software {
  // What serving frameworks run (TensorRT-LLM, vLLM): residual add fused into the norm, RoPE
  // fused with the KV-cache write, SiLU-times-up in one kernel.
  kFused,
  // Plain PyTorch with each step captured in a CUDA graph: every element-wise step (each norm,
  // each of RoPE's neg/cat/mul/mul/add, SiLU, the multiply, each residual add, each KV-cache
  // slice assignment) is its own kernel that reads its inputs from and writes its output to
  // memory.
  kEager,
};

inline std::string_view name_of(Software s) { return s == Software::kEager ? "eager" : "fused"; }

inline std::optional<Software> parse_software(std::string_view name) {
  if (name == "fused") return Software::kFused;
  if (name == "eager") return Software::kEager;
  return std::nullopt;
}

}  // namespace xpu::config
