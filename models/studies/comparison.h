// SPDX-License-Identifier: MIT
#pragma once
// The comparison behind `xpusim report`: every arch on every workload, decode over a batch sweep
// and one prefill, evaluated with the analytic engine. Points that cannot run (an arch file that
// does not load, a model that does not fit) are recorded with their reason, never thrown, so
// that one bad file costs one row of the report and not the report.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "config/workload_spec.h"
#include "manufacturing/supply.h"
#include "result/result.h"
#include "studies/tco.h"
#include "validation/check.h"

namespace xpu::studies {

struct ComparisonSpec {
  std::vector<std::string> arch_files;
  std::vector<std::string> workload_files;  // report order is this order
  std::vector<int64_t> decode_batches = {1, 2, 4, 8, 16, 32, 64, 128, 256};
  int64_t decode_context = 1024;  // tokens already in the KV cache at each decode step
  int64_t prefill_batch = 1;
  int64_t prefill_prompt = 2048;
  std::string supply_file;  // supply/*.toml for the HBM, packaging and supply table; "" = none
  // validation/published_figures.toml: the published figures checked in the report; "" = none.
  std::string validation_file;
  // Every chip in this format (weights, activations, KV cache); none: each in its native or
  // preferred format (config::resolve_workload_best).
  std::optional<DType> force_dtype;
  std::string tco_file;  // reports/tco.toml: the inputs of the cost-per-token table; "" = none
};

// A point, or a whole arch or workload, that was not evaluated. Empty fields mean "all":
// an arch that failed to load has no workload, phase or batch.
struct Skipped {
  std::string arch;
  std::string workload;
  std::string phase;
  int64_t batch = 0;  // decode: the first batch that failed (larger ones were not tried)
  std::string reason;
  bool out_of_memory = false;  // the model does not fit, as opposed to cannot run at all
};

struct Comparison {
  ComparisonSpec spec;
  std::vector<config::ArchSpec> archs;  // those that loaded, sorted by id
  std::vector<config::WorkloadSpec> workloads;
  // Sorted by arch, then workload (spec order), then prefill before decode, then batch.
  std::vector<Result> results;
  std::vector<Skipped> skipped;
  std::vector<config::GpuEfficiencySpec> calibrations;  // distinct files the GPU archs use, sorted
  std::optional<manufacturing::SupplySpec> supply;
  std::optional<TcoSpec> tco;
  std::vector<validation::Check> validation;  // registry order

  // nullptr when the point was not evaluated.
  const Result* find(const std::string& arch, const std::string& workload, const std::string& phase,
                     int64_t batch) const;
  const Result* prefill(const std::string& arch, const std::string& workload) const;
  // Decode points of one arch and workload, by increasing batch.
  std::vector<const Result*> decode_sweep(const std::string& arch,
                                          const std::string& workload) const;
};

// `dir`/*.toml and `dir`/concepts/*.toml when that folder exists, sorted by file stem.
// Throws ConfigError when `dir` is not a folder.
std::vector<std::string> arch_files_in(const std::string& dir);

Comparison run_comparison(const ComparisonSpec& spec);

// What a summary row says about one arch on one workload.
struct ArchSummary {
  const config::ArchSpec* arch = nullptr;
  const Result* decode_first = nullptr;  // smallest batch of the sweep (batch 1)
  const Result* decode_best = nullptr;   // highest tokens/s among the batches that fit
  const Result* prefill = nullptr;
  int64_t max_decode_batch = 0;       // largest batch of the sweep that fits; 0 when none does
  DType weight_dtype = DType::kBf16;  // the format the chip runs the weights in
  double weight_bytes = 0.0;          // whole model at weight_dtype
  double capacity_bytes = 0.0;        // memory of the chips one replica runs on
  int64_t chips = 1;
  std::string fit;  // "yes", "to batch N", "no" (does not fit) or "not run" (see Skipped)
};

// The workload as `arch` runs it in this comparison (formats: config::resolve_workload_best).
config::WorkloadSpec resolved(const Comparison& c, const config::ArchSpec& arch,
                              const config::WorkloadSpec& w);

std::vector<ArchSummary> summarize(const Comparison& c, const config::WorkloadSpec& w);

// The point the per-op chart shows: decode at batch 1 of the first workload on the reference
// GPU (h100_sxm) when it ran, otherwise on the first arch where it ran. nullptr when none ran.
const Result* focus_point(const Comparison& c, const std::string& preferred_arch = "h100_sxm");

}  // namespace xpu::studies
