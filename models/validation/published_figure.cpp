// SPDX-License-Identifier: MIT
#include "validation/published_figure.h"

#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "config/arch_spec.h"
#include "config/provenance.h"
#include "config/system_spec.h"
#include "config/toml_reader.h"
#include "serving/serving_spec.h"

namespace xpu::validation {

namespace {

struct MetricInfo {
  Metric metric;
  std::string_view name;
  std::string_view unit;
};

constexpr MetricInfo kMetrics[] = {
    {Metric::kDecodeTokensPerSPerUser, "decode_tokens_per_s_per_user", "tok/s/user"},
    {Metric::kDecodeJPerToken, "decode_j_per_token", "J/token"},
    {Metric::kDecodePowerWPerChip, "decode_power_w_per_chip", "W"},
    {Metric::kPrefillJPerToken, "prefill_j_per_token", "J/prompt token"},
    {Metric::kOfflineOutputTokensPerS, "offline_output_tokens_per_s", "tok/s"},
    {Metric::kOfflineTotalTokensPerS, "offline_total_tokens_per_s", "tok/s"},
    {Metric::kOfflineJPerOutputToken, "offline_j_per_output_token", "J/token"},
    {Metric::kServerOutputTokensPerS, "server_output_tokens_per_s", "tok/s"},
    {Metric::kTrainingMfu, "training_mfu", "MFU"},
    {Metric::kTrainingTokensPerS, "training_tokens_per_s", "tok/s"},
    {Metric::kGemmTflopsPerS, "gemm_tflops_per_s", "TFLOP/s"},
    {Metric::kStreamTbPerS, "stream_tb_per_s", "TB/s"},
};

// Each STREAM kernel's name in the registry and what it moves and computes per element.
struct StreamKernelInfo {
  StreamKernel kernel;
  std::string_view name;
  int arrays_read;  // one array is written by each
  int flops_per_element;
};

constexpr StreamKernelInfo kStreamKernels[] = {
    {StreamKernel::kCopy, "copy", 1, 0},
    {StreamKernel::kMul, "mul", 1, 1},
    {StreamKernel::kAdd, "add", 2, 1},
    {StreamKernel::kTriad, "triad", 2, 2},
};

const StreamKernelInfo& info(StreamKernel k) {
  for (const auto& i : kStreamKernels) {
    if (i.kernel == k) return i;
  }
  return kStreamKernels[0];
}

const MetricInfo& info(Metric m) {
  for (const auto& i : kMetrics) {
    if (i.metric == m) return i;
  }
  return kMetrics[0];
}

// Metrics of one step, decode or prefill, whose shape is a workload, batch, context (decode) or
// prompt (prefill), and chips.
bool is_one_step(Metric m) {
  return m == Metric::kDecodeTokensPerSPerUser || m == Metric::kDecodeJPerToken ||
         m == Metric::kDecodePowerWPerChip || m == Metric::kPrefillJPerToken;
}

std::vector<std::string> metric_names() {
  std::vector<std::string> names;
  for (const auto& i : kMetrics) names.emplace_back(i.name);
  return names;
}

// A file the registry names beside itself, normalised: the report prints these paths.
std::string file_in(config::Table& t, std::string_view key) {
  return std::filesystem::path(t.file_beside(key)).lexically_normal().string();
}

// A kernel figure's chip: one with the GPU kernel model (machine/gpu_kernel_rates.h), which
// times a lone GEMM or STREAM kernel; other families have no such kernel to time.
std::string gpu_arch_in(config::Table& t) {
  std::string file = file_in(t, "arch");
  const auto arch = config::load_arch(file);
  if (arch.family != config::ChipFamily::kGpu) {
    t.fail("arch", fmt::format("{} is a {} chip: a kernel figure times one GPU kernel", file,
                               config::name_of(arch.family)));
  }
  return file;
}

std::optional<DType> optional_dtype(config::Table& t, std::string_view key) {
  const auto name = t.optional_choice(key, dtype_names());
  return name ? parse_dtype(*name) : std::nullopt;
}

void decode_dtypes(config::Table& t, PublishedFigure& f) {
  f.dtypes.weights = optional_dtype(t, "weight_dtype");
  f.dtypes.activations = optional_dtype(t, "activation_dtype");
  f.dtypes.kv_cache = optional_dtype(t, "kv_dtype");
}

// A training figure: the cluster, the model, and the run's layout and schedule as published.
void decode_training(config::Table& t, PublishedFigure& f) {
  constexpr int64_t kMaxRanks = int64_t{1} << 20;
  f.system_file = file_in(t, "system");
  f.workload_file = file_in(t, "workload");
  auto& r = f.train;
  r.parallel.tp = t.integer("tp", 1, kMaxRanks);
  r.cp = t.integer("cp", 1, kMaxRanks);
  r.parallel.pp = t.integer("pp", 1, kMaxRanks);
  r.parallel.dp = t.integer("dp", 1, kMaxRanks);
  r.global_batch = t.integer("global_batch", 1, int64_t{1} << 30);
  r.micro_batch = t.optional_integer("micro_batch", 1, int64_t{1} << 20).value_or(1);
  r.sequence = t.integer("sequence", 1, int64_t{1} << 30);
  r.schedule = t.choice("schedule", {"1f1b", "interleaved"}) == "interleaved"
                   ? training::Schedule::kInterleaved
                   : training::Schedule::k1F1B;
  r.virtual_stages = t.integer("virtual_stages", 1, 1024);
  r.sharding = t.choice("sharding", {"zero1", "fsdp"}) == "fsdp"
                   ? training::DataParallelSharding::kFsdp
                   : training::DataParallelSharding::kZero1;
  const auto tp_overlap = t.optional_choice("tp_overlap", {"none", "backward", "full"});
  r.tp_overlap = !tp_overlap || *tp_overlap == "backward" ? training::TpOverlap::kBackward
                 : *tp_overlap == "none"                  ? training::TpOverlap::kNone
                                                          : training::TpOverlap::kFull;
  r.fp8_param_gather = t.optional_boolean("fp8_param_gather").value_or(false);
  const std::string recompute = t.choice("recompute", {"none", "selective", "full"});
  r.recompute = recompute == "full"        ? training::Recompute::kFull
                : recompute == "selective" ? training::Recompute::kSelective
                                           : training::Recompute::kNone;
}

PublishedFigure decode_figure(config::Table& t) {
  PublishedFigure f;
  f.file = t.file();
  f.line = t.line_of("id");
  f.id = t.string("id");
  f.what = t.string("what");
  f.source = t.string("source");
  if (const auto why = config::citation_error(f.source); !why.empty()) t.fail("source", why);
  f.gap = t.optional_string("gap").value_or("");
  const std::string metric = t.choice("metric", metric_names());
  for (const auto& i : kMetrics) {
    if (i.name == metric) f.metric = i.metric;
  }
  f.published = t.positive("published");
  f.tolerance = t.positive("tolerance");
  if (f.tolerance > kMaxTolerance) {
    t.fail("tolerance", fmt::format("{} is above {}: a figure the model misses keeps the project's "
                                    "tolerance and states its gap instead",
                                    f.tolerance, kMaxTolerance));
  }
  if (f.metric == Metric::kTrainingMfu || f.metric == Metric::kTrainingTokensPerS) {
    decode_training(t, f);
    decode_dtypes(t, f);
    t.finish();
    return f;
  }
  if (f.metric == Metric::kGemmTflopsPerS) {
    f.arch_file = gpu_arch_in(t);
    constexpr int64_t kMaxDim = int64_t{1} << 24;
    f.gemm = {t.integer("m", 1, kMaxDim), t.integer("k", 1, kMaxDim), t.integer("n", 1, kMaxDim),
              t.optional_integer("groups", 1, int64_t{1} << 12).value_or(1)};
    f.gemm_dtype = *parse_dtype(t.choice("dtype", {"bf16", "fp16", "fp8", "fp4"}));
    f.gemm_sustained = t.optional_boolean("sustained").value_or(false);
    t.finish();
    return f;
  }
  if (f.metric == Metric::kStreamTbPerS) {
    f.arch_file = gpu_arch_in(t);
    std::vector<std::string> kernels;
    for (const auto& i : kStreamKernels) kernels.emplace_back(i.name);
    const std::string kernel = t.choice("kernel", kernels);
    for (const auto& i : kStreamKernels) {
      if (i.name == kernel) f.stream_kernel = i.kernel;
    }
    f.stream_elements = t.integer("elements", 1, int64_t{1} << 40);
    f.stream_element_bytes = t.integer("element_bytes", 1, 16);
    t.finish();
    return f;
  }
  if (f.metric == Metric::kOfflineJPerOutputToken) {
    // The chip and the host power both come from the system file.
    f.system_file = file_in(t, "system");
    const auto system = config::load_system(f.system_file);
    if (!(system.host_power_w_per_node > 0.0)) {
      t.fail("system", fmt::format("{} states no [host] power_w_per_node: a wall-power figure "
                                   "needs what the node draws besides its chips",
                                   f.system_file));
    }
    f.arch_file = system.chip.file;
  } else {
    f.arch_file = file_in(t, "arch");
  }
  if (!is_one_step(f.metric)) {
    f.scenario_file = file_in(t, "scenario");
    f.chips = t.integer("chips", 1, int64_t{1} << 20);
    if (f.metric == Metric::kServerOutputTokensPerS) {
      const auto scenario = serving::load_serving(f.scenario_file);
      if (!scenario.slo || !scenario.arrival ||
          scenario.arrival->process != serving::ArrivalSpec::Process::kPoisson) {
        t.fail("scenario", fmt::format("{} needs a Poisson [arrival] and an [slo] for a Server "
                                       "figure",
                                       f.scenario_file));
      }
      f.duration_s = t.optional_positive("duration_s");
      f.token_budget = t.optional_integer("token_budget", 1, int64_t{1} << 30);
      f.chunked_prefill = t.optional_boolean("chunked_prefill").value_or(true);
    }
    // The submission's layout: tp, and pp (micro-batches in flight, serving/offline.h) with it.
    const auto pp = t.optional_integer("pp", 1, int64_t{1} << 20);
    if (const auto tp = t.optional_integer("tp", 1, int64_t{1} << 20)) {
      const int64_t replica_chips = *tp * pp.value_or(1);
      if (*f.chips % replica_chips != 0) {
        t.fail(pp ? "pp" : "tp", fmt::format("{}{} does not divide chips {}",
                                             pp ? "tp x pp = " : "", replica_chips, *f.chips));
      }
      f.parallel = workload::Parallelism{*tp, pp.value_or(1), 1, *f.chips / replica_chips};
    } else if (pp) {
      t.fail("pp", "needs tp: the submission's whole layout");
    }
    f.max_sequences = t.optional_integer("max_sequences", 1, int64_t{1} << 20);
  } else {
    f.workload_file = file_in(t, "workload");
    f.batch = t.integer("batch", 1, int64_t{1} << 20);
    if (f.metric == Metric::kPrefillJPerToken) {
      f.prompt = t.integer("prompt", 1, int64_t{1} << 30);
    } else {
      f.context = t.integer("context", 0, int64_t{1} << 30);
    }
    f.chips = t.optional_integer("chips", 1, int64_t{1} << 20);
    f.tp = t.optional_integer("tp", 1, int64_t{1} << 20).value_or(1);
  }
  decode_dtypes(t, f);
  t.finish();
  return f;
}

}  // namespace

int stream_arrays_read(StreamKernel k) { return info(k).arrays_read; }
int stream_flops_per_element(StreamKernel k) { return info(k).flops_per_element; }

std::string_view name_of(Metric m) { return info(m).name; }
std::string_view unit_of(Metric m) { return info(m).unit; }

std::vector<PublishedFigure> load_published_figures(const std::string& path) {
  config::Table root = config::Table::root_of(config::Document::load(path));
  std::vector<PublishedFigure> out;
  std::set<std::string> ids;
  for (config::Table& t : root.table_array("figure")) {
    out.push_back(decode_figure(t));
    if (!ids.insert(out.back().id).second)
      t.fail("id", fmt::format("duplicate id '{}'", out.back().id));
  }
  root.finish();
  return out;
}

}  // namespace xpu::validation
