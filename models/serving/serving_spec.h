// SPDX-License-Identifier: MIT
#pragma once
// A serving scenario (workloads/scenarios/*.toml): which model, how long requests are, the
// number formats the deployment uses and, optionally, how requests arrive and the latency
// targets they must meet (the serving simulator, serving/simulator.h). Plain data.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/provenance.h"
#include "config/workload_spec.h"

namespace xpu::serving {

// One sample of a benchmark's dataset: its prompt's and its reference answer's tokens.
struct SampleLengths {
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
};

// Each Poisson request's lengths drawn from a dataset's samples (workloads/lengths/*.csv), one
// sample picked uniformly at random per request as MLPerf's LoadGen picks them, in place of every
// request at the scenario's mean lengths. `draw_output` false: the file's answers are not what
// the served model generates (workloads/lengths/README.md), so every request generates the
// scenario's output_tokens.
struct LengthSampling {
  std::string file;  // resolved path
  bool draw_output = true;
  std::vector<SampleLengths> samples;  // the file's rows, read when the scenario is decoded
};

// How requests arrive: Poisson at a rate, a closed loop of `concurrency` users who send their next
// request the moment the last one completes, or the arrival times and lengths of a trace file.
struct ArrivalSpec {
  enum class Process { kPoisson, kClosed, kTrace };
  Process process = Process::kPoisson;
  double rate_per_s = 0.0;           // Poisson
  int64_t concurrency = 0;           // closed loop
  std::string trace_file;            // trace: resolved path (serving/request_stream.h reads it)
  std::optional<double> duration_s;  // requests arriving before this time; at least one of the two
  std::optional<int64_t> requests;   // at most this many requests
  uint64_t seed = 1;
  std::optional<LengthSampling> lengths;  // Poisson: lengths drawn from a dataset
};

// The latency targets a deployment must meet at a percentile (MLPerf Server: p99 of both).
struct SloSpec {
  double ttft_s = 0.0;  // time to first token
  double tpot_s = 0.0;  // time per output token after the first
  double percentile = 99.0;
};

// Prefill/decode disaggregation (serving/disaggregated.h): the system split into a pool that
// only prefills prompts and a pool that only decodes, the KV cache moved between them over the
// arch's links. Each pool's tensor parallelism: given, or the offline layout search over its
// chips when absent (data parallelism fills the rest).
struct DisaggregationSpec {
  int64_t prefill_chips = 0;
  int64_t decode_chips = 0;
  std::optional<int64_t> prefill_tp, decode_tp;
};

struct ServingSpec {
  std::string id;
  std::string file;
  std::string name;
  std::string workload_file;  // resolved path of the model it serves
  int64_t input_tokens = 0;   // mean prompt length
  int64_t output_tokens = 0;  // mean generated length
  std::optional<config::DTypes> dtypes;
  config::Software software = config::Software::kFused;  // `software` key (docs/gpu_software.md)
  std::optional<ArrivalSpec> arrival;  // absent: the offline question (serving/offline.h)
  std::optional<SloSpec> slo;
  std::optional<DisaggregationSpec> disaggregation;  // needs `arrival`
  config::ProvenanceMap provenance;
};

// Throws ConfigError naming file, line and key.
ServingSpec load_serving(const std::string& path);
// The same on a file already parsed; the workload path resolves against doc->file().
ServingSpec decode_serving(const std::shared_ptr<config::Document>& doc);

}  // namespace xpu::serving
