// SPDX-License-Identifier: MIT
#pragma once
// The published figures the model is checked against (validation/published_figures.toml): each
// names its source, the shape the comparison assumes, and a tolerance of at most 30%. None of
// them sets a parameter (docs/validation.md keeps calibration and validation apart). A figure
// the model still misses carries `gap`: why, in a sentence with numbers, and where docs/ says
// more. It keeps its tolerance: the report and the tests show it as outside.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/resolve.h"
#include "training/train_step.h"
#include "workload/op.h"

namespace xpu::validation {

// What is compared, each in its own unit.
enum class Metric {
  kDecodeTokensPerSPerUser,  // one decode step: tokens/s divided by the batch (tok/s/user)
  // The same decode step's energy per generated token, every chip of the replica (J/token), and
  // its average power per chip (W): what a board's energy counter or power reading measures.
  kDecodeJPerToken,
  kDecodePowerWPerChip,
  // The prefill of `batch` prompts of `prompt` tokens: energy per prompt token, every chip of the
  // replica (J/token), as a prefill phase's share of a measured run divided by its input tokens.
  kPrefillJPerToken,
  kOfflineOutputTokensPerS,  // MLPerf-style offline serving of a scenario file (tok/s, system)
  kOfflineTotalTokensPerS,   // the same, input and output tokens counted (how vendors often count)
  // The same offline run's energy per generated token at the wall: every chip's energy (prefill
  // and decode) plus the system file's host power over the run, as MLPerf measures it (J/token).
  kOfflineJPerOutputToken,
  kTrainingMfu,  // one training step on a cluster: model FLOP utilisation (fraction)
  // The same step's throughput across the whole cluster: global batch x sequence over the step
  // time (tok/s), as an MLPerf Training log's step time gives it.
  kTrainingTokensPerS,
  // One GEMM kernel, [M,K] x [K,N] on one chip in the figure's compute format: its sustained
  // rate, 2MNK over the kernel model's time (machine/gpu_kernel_rates.h), in TFLOP/s.
  kGemmTflopsPerS,
  // One STREAM kernel (McCalpin's copy, mul, add, triad, as BabelStream runs them) over arrays
  // in DRAM on one chip: the bytes it reads and writes over the kernel model's time for a
  // contiguous element-wise kernel (machine/gpu_kernel_rates.h, the eager class), in TB/s.
  kStreamTbPerS,
  // MLPerf Server: generated tokens/s of the serving simulator at the highest Poisson rate whose
  // run meets the scenario's [slo] (serving/max_rate.h), on the layout the offline search finds.
  kServerOutputTokensPerS,
};

// The STREAM kernels, elementwise over arrays a, b, c and a scalar s: c = a (copy), b = s c (mul),
// c = a + b (add), a = b + s c (triad).
enum class StreamKernel { kCopy, kMul, kAdd, kTriad };
int stream_arrays_read(StreamKernel k);  // one array is written by each
int stream_flops_per_element(StreamKernel k);

std::string_view name_of(Metric m);
std::string_view unit_of(Metric m);

// The largest tolerance a figure may state (DEVELOPERS.md, "Validation discipline").
inline constexpr double kMaxTolerance = 0.30;

struct PublishedFigure {
  std::string id;
  std::string what;  // one line a reader understands: chip, model, shape
  std::string
      source;        // provenance tag and the original source (P/S/T/D/V/A/C, config/provenance.h)
  std::string gap;   // empty, or why the model stays outside the tolerance
  std::string file;  // the registry it was read from, and the line of its table
  int line = 0;
  Metric metric = Metric::kDecodeTokensPerSPerUser;
  double published = 0.0;
  double tolerance = 0.0;  // relative, (0, kMaxTolerance]

  std::string arch_file;
  std::string workload_file;  // decode and prefill figures
  std::string scenario_file;  // offline figures (serving/serving_spec.h)
  int64_t batch = 1;
  int64_t context = 0;  // decode figures
  int64_t prompt = 0;   // prefill figures
  std::optional<int64_t> chips;
  int64_t tp = 1;  // decode and prefill figures: tensor-parallel degree of the replica
  config::DTypeOverrides dtypes;  // applied after the chip's and the scenario's formats
  // Server figures: seconds of Poisson arrivals per simulated run, in place of the scenario's
  // (a shorter run keeps the test fast; the registry says why it is long enough).
  std::optional<double> duration_s;
  // Offline and Server figures: the submission's own deployment where its config states it (the
  // `source` cites the file): the replica's tensor parallelism (searched when absent; dp =
  // chips / tp), its most sequences at once (TensorRT-LLM gpu_batch_size,
  // vLLM max_num_seqs) and, for the simulator, its tokens per iteration (max_num_tokens,
  // max_num_batched_tokens) and whether it chunks prompts (vLLM's enable_chunked_prefill). Facts
  // of the run it is compared with, not fitted to it.
  std::optional<workload::Parallelism> parallel;
  std::optional<int64_t> max_sequences;
  std::optional<int64_t> token_budget;
  bool chunked_prefill = true;  // false where the submission's vLLM ran without it

  workload::GemmShape gemm;         // GEMM figures: m (per group), n, k, groups
  DType gemm_dtype = DType::kBf16;  // GEMM figures: the operands' format (`dtype`)
  // GEMM figures: the kernel ran long enough for the board to sit at its power limit (Azure's
  // cuBLASLt loop after 10,000 warm-up iterations), so the model caps its power as it caps a
  // step; false: a short timed loop at the maximum clock, the kernel model's own clock.
  bool gemm_sustained = false;

  // STREAM figures: the kernel (`kernel`), its arrays' elements and bytes per element.
  StreamKernel stream_kernel = StreamKernel::kCopy;
  int64_t stream_elements = 0;
  int64_t stream_element_bytes = 0;

  std::string system_file;       // training and wall-energy figures (config/system_spec.h)
  training::TrainRequest train;  // training figures: layout, batch, sequence, schedule
  // Training figures: `dtypes` holds the run's formats where they are not the chip's default
  // (activation_dtype = "fp8" for Transformer Engine's fp8 GEMMs).
};

// Reads and checks the registry; paths inside it resolve against its folder. ConfigError
// (file, line, key) on anything malformed, a tolerance above kMaxTolerance, or a duplicate id.
std::vector<PublishedFigure> load_published_figures(const std::string& path);

}  // namespace xpu::validation
