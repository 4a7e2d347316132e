// SPDX-License-Identifier: MIT
#pragma once
// Measured GPU microbenchmarks (calibration/measurements/h100-sxm-microbench.json): the only ground
// truth the GPU model is fitted on.
#include <cstdint>
#include <string>
#include <vector>

namespace xpu::calibration {

struct GemmSample {
  std::string model, layer;
  int64_t m = 0, k = 0, n = 0;
  double time_s = 0.0;
};

// Flash attention over one or more sequences; query_len == 1 is decode.
struct AttentionSample {
  int64_t batch = 0, query_len = 0, kv_len = 0, heads = 0, kv_heads = 0, head_dim = 0;
  double time_s = 0.0;
};

struct Microbench {
  std::string file;
  std::string device;
  double copy_bytes_per_s = 0.0;
  double read_bytes_per_s = 0.0;
  double bf16_flops_per_s = 0.0;  // sustained, power-limited
  double bf16_avg_power_w = 0.0;
  double bf16_pj_per_flop = 0.0;
  double fp8_flops_per_s = 0.0;
  std::vector<GemmSample> gemm;
  std::vector<AttentionSample> attention_prefill;
  std::vector<AttentionSample> attention_decode;
};

// Throws ConfigError naming the file and the missing or malformed field.
Microbench load_microbench(const std::string& path);

// The GEMM grid of another measurements file's section (`gemm_bf16`, `gemm_fp8` of
// h200-sxm-microbench.json): the same fields as `gemm`.
std::vector<GemmSample> load_gemm_samples(const std::string& path, const std::string& section);
// Another measurements file's `attn_prefill` or `attn_decode` section, as in `Microbench`.
std::vector<AttentionSample> load_attention_samples(const std::string& path,
                                                    const std::string& section);

// One element-wise step of a Llama decoder layer as plain PyTorch runs it (one kernel, or RoPE's
// five and the cache write's two), timed in a CUDA graph with its inputs coming from DRAM:
// calibration/measurements/h200-sxm-microbench.json `elementwise`.
struct ElementwiseSample {
  std::string workload;  // the workload file whose layer it is, resolved against the root
  std::string op;        // rms_norm, residual_add, rope_q, rope_k, kv_cache_write, silu, mul
  int64_t tokens = 0;
  double time_s = 0.0;
};
struct ElementwiseBench {
  std::string file;
  std::string device;
  std::vector<ElementwiseSample> samples;
};
// `workload_root`: the folder the samples' workload paths are relative to (the repository's).
ElementwiseBench load_elementwise_bench(const std::string& path, const std::string& workload_root);

}  // namespace xpu::calibration
