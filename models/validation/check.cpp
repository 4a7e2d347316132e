// SPDX-License-Identifier: MIT
#include "validation/check.h"

#include <fmt/format.h>

#include <cmath>

#include "analytical/evaluate.h"
#include "calibration/transfer.h"
#include "common/error.h"
#include "common/units.h"
#include "compiler/plan.h"
#include "config/system_spec.h"
#include "machine/gpu_kernel_rates.h"
#include "machine/machine.h"
#include "serving/max_rate.h"
#include "serving/offline.h"
#include "serving/serving_spec.h"
#include "serving/traffic.h"

namespace xpu::validation {

namespace {

// One decode step or one prefill of the figure's shape, on one replica of `tp` chips.
void one_step(Check& c) {
  const auto& f = c.figure;
  const auto arch = config::load_arch(f.arch_file);
  const auto w = config::resolve_workload(arch, config::load_workload(f.workload_file), f.dtypes);
  const bool prefill = f.metric == Metric::kPrefillJPerToken;
  workload::Scenario s;
  s.phase = prefill ? workload::Phase::kPrefill : workload::Phase::kDecode;
  s.batch = f.batch;
  s.prompt = f.prompt;
  s.context = f.context;
  s.chips = f.chips;
  s.parallel.tp = f.tp;
  const Result r = analytical::evaluate(compiler::compile(machine::resolve(arch), w, s));
  switch (f.metric) {
    case Metric::kDecodeJPerToken:
    case Metric::kPrefillJPerToken: c.modelled = r.energy_j_per_token; break;
    case Metric::kDecodePowerWPerChip: c.modelled = r.power_per_chip_w; break;
    default: c.modelled = r.tokens_per_s / static_cast<double>(f.batch); break;
  }
  c.layout = prefill ? fmt::format("chips {}, batch {}, prompt {}", r.chips, f.batch, f.prompt)
                     : fmt::format("chips {}, batch {}, context {}", r.chips, f.batch, f.context);
  if (f.metric != Metric::kDecodeTokensPerSPerUser) {
    c.layout += fmt::format("; {:.3f} ms per {}, {:.0f} W per chip", r.latency_s * 1e3,
                            prefill ? "prefill" : "step", r.power_per_chip_w);
  }
}

// The figure's offline run: its chip, scenario, formats and chip count.
struct OfflineRun {
  serving::OfflineRequest request;
  serving::OfflineResult result;
};

// The scenario's model as the figure's chip serves it: the figure's formats, then the
// scenario's, then those the chip imposes.
config::WorkloadSpec served_workload(const config::ArchSpec& arch,
                                     const serving::ServingSpec& scenario,
                                     const PublishedFigure& f) {
  config::DTypeOverrides dtypes = f.dtypes;
  if (scenario.dtypes) {
    dtypes.weights = dtypes.weights.value_or(scenario.dtypes->weights);
    dtypes.activations = dtypes.activations.value_or(scenario.dtypes->activations);
    dtypes.kv_cache = dtypes.kv_cache.value_or(scenario.dtypes->kv_cache);
  }
  return config::resolve_workload(arch, config::load_workload(scenario.workload_file), dtypes);
}

OfflineRun offline_run(const PublishedFigure& f) {
  const auto arch = config::load_arch(f.arch_file);
  const auto scenario = serving::load_serving(f.scenario_file);
  const auto w = served_workload(arch, scenario, f);
  OfflineRun run;
  run.request.chips = *f.chips;
  run.request.input_tokens = scenario.input_tokens;
  run.request.output_tokens = scenario.output_tokens;
  run.request.parallel = f.parallel;
  run.request.max_batch_per_replica = f.max_sequences;
  run.result = serving::offline_throughput(arch, w, run.request);
  return run;
}

std::string offline_layout(const OfflineRun& run) {
  const auto& r = run.result;
  return fmt::format("{} chips as tp={} pp={} dp={}, batch {} per replica", run.request.chips,
                     r.parallel.tp, r.parallel.pp, r.parallel.dp, r.batch_per_replica);
}

void offline_serving(Check& c) {
  const auto run = offline_run(c.figure);
  const auto& req = run.request;
  c.modelled = run.result.output_tokens_per_s;
  if (c.figure.metric == Metric::kOfflineTotalTokensPerS) {
    c.modelled *= static_cast<double>(req.input_tokens + req.output_tokens) /
                  static_cast<double>(req.output_tokens);
  }
  c.layout = offline_layout(run);
}

// The chips' energy per generated token over the offline run's iterations (serving/offline.h),
// plus the hosts' power over the time one token takes the system.
void offline_wall_energy(Check& c) {
  const auto system = config::load_system(c.figure.system_file);
  const auto run = offline_run(c.figure);
  const auto& r = run.result;
  const double chips = static_cast<double>(run.request.chips);
  const double host_w =
      system.host_power_w_per_node * chips / static_cast<double>(system.chips_per_node);
  c.modelled = r.energy_j_per_output_token + host_w / r.output_tokens_per_s;
  c.layout = fmt::format("{}; chips {:.0f} W each, host {:.0f} W", offline_layout(run),
                         r.energy_j_per_output_token * r.output_tokens_per_s / chips, host_w);
}

// The figure's Server run: the offline search's layout, then the highest Poisson rate whose
// simulation meets the scenario's [slo], started from the offline throughput; the metric is the
// simulated generated tokens/s at that rate, as MLPerf reports "Completed tokens per second".
void server_serving(Check& c) {
  const auto run = offline_run(c.figure);
  const auto& layout = run.result.parallel;
  const auto arch = config::load_arch(c.figure.arch_file);
  const auto scenario = serving::load_serving(c.figure.scenario_file);
  const auto w = served_workload(arch, scenario, c.figure);
  serving::ArrivalSpec arrival = *scenario.arrival;
  if (c.figure.duration_s) arrival.duration_s = *c.figure.duration_s;
  serving::BatchingPolicy policy;
  if (c.figure.max_sequences) policy.max_sequences = *c.figure.max_sequences;
  if (c.figure.token_budget) policy.token_budget = *c.figure.token_budget;
  policy.chunked_prefill = c.figure.chunked_prefill;
  const auto search = serving::rate_search_on(run.result, scenario.output_tokens, policy);
  serving::StepTimer timer(arch, w, layout, serving::chips_per_replica(run.result),
                           search.policy.kv_block_tokens);
  arrival.rate_per_s = serving::find_max_rate(timer, scenario, arrival, search);
  const auto r = serving::simulate(timer, search.replicas, serving::traffic_of(scenario, arrival),
                                   search.policy, scenario.slo);
  c.modelled = r.output_tokens_per_s;
  c.layout =
      fmt::format("{}; {:.2f} requests/s over {:.0f} s, p{:g} TTFT {:.3f} s TPOT {:.3f} s",
                  offline_layout(run), arrival.rate_per_s, *arrival.duration_s,
                  scenario.slo->percentile, r.ttft_at_slo_percentile_s, r.tpot_at_slo_percentile_s);
  if (c.figure.max_sequences || c.figure.token_budget || !c.figure.chunked_prefill) {
    c.layout += fmt::format("; the submission's {} sequences and {} tokens per iteration{}",
                            policy.max_sequences, policy.token_budget,
                            policy.chunked_prefill ? "" : ", prompts unchunked");
  }
}

// One GEMM at the board's power limit: a plan of that kernel alone (the op the timed-clock rate
// times, calibration::gemm_kernel_op), timed by the analytic engine and priced and capped by the
// one assembler, as a step of a model is.
double sustained_gemm_flops_per_s(const config::ArchSpec& arch, DType dtype,
                                  const workload::GemmShape& g) {
  config::WorkloadSpec kernel;  // the formats and the name the assembler reads off a plan
  kernel.id = "gemm";
  kernel.dtypes.weights = kernel.dtypes.activations = kernel.dtypes.kv_cache = dtype;
  const workload::Op op = calibration::gemm_kernel_op(dtype, g);
  compiler::Plan p;
  p.machine = machine::resolve(arch);
  p.arch = &arch;
  p.workload = &kernel;
  p.scenario.batch = g.m;
  p.ops = {op};
  p.layers_evaluated = 1;
  return op.flops / analytical::evaluate(p).latency_s;
}

// One GEMM kernel of the figure's shape: at the power limit where it ran sustained, else timed by
// the kernel model both engines use at its timed clock.
void gemm_kernel(Check& c) {
  const auto& f = c.figure;
  const auto arch = config::load_arch(f.arch_file);
  c.modelled = (f.gemm_sustained ? sustained_gemm_flops_per_s(arch, f.gemm_dtype, f.gemm)
                                 : calibration::model_gemm_flops_per_s(
                                       arch, config::efficiency_for(arch), f.gemm_dtype, f.gemm)) /
               units::kTera;
  c.layout = fmt::format("{}M {} x N {} x K {} in {}, one chip{}",
                         f.gemm.groups > 1 ? fmt::format("{} groups of ", f.gemm.groups) : "",
                         f.gemm.m, f.gemm.n, f.gemm.k, name_of(f.gemm_dtype),
                         f.gemm_sustained ? ", at its power limit" : "");
}

// One STREAM kernel over arrays in DRAM, timed as the eager layer's contiguous element-wise
// kernels are (machine::streaming_time), its bytes counted as STREAM counts them: each array read
// and the one written, once.
void stream_kernel(Check& c) {
  const auto& f = c.figure;
  const auto arch = config::load_arch(f.arch_file);
  const double array_bytes =
      static_cast<double>(f.stream_elements) * static_cast<double>(f.stream_element_bytes);
  workload::Op op;
  op.name = "stream";
  op.software = config::Software::kEager;
  op.access = workload::Access::kContiguous;
  op.flops = static_cast<double>(stream_flops_per_element(f.stream_kernel)) *
             static_cast<double>(f.stream_elements);
  op.activation_bytes = static_cast<double>(stream_arrays_read(f.stream_kernel) + 1) * array_bytes;
  const double time_s = machine::streaming_time(config::efficiency_for(arch),
                                                machine::GpuRates::of(arch, DType::kBf16), op)
                            .time_s;
  c.modelled = op.bytes() / time_s / units::kTera;
  c.layout = fmt::format("arrays of {} x {} bytes, {} read, 1 written, one chip", f.stream_elements,
                         f.stream_element_bytes, stream_arrays_read(f.stream_kernel));
}

// One training step of the figure's layout in the figure's formats: its MFU, or its tokens/s
// across the cluster (train_step.h: global batch x sequence / step time).
void training(Check& c) {
  const auto& f = c.figure;
  const auto system = config::load_system(f.system_file);
  const auto w =
      config::resolve_workload(system.chip, config::load_workload(f.workload_file), f.dtypes);
  const auto r = training::train_step(system, w, f.train);
  const auto& p = f.train.parallel;
  c.modelled = f.metric == Metric::kTrainingMfu ? r.mfu : r.tokens_per_s;
  c.layout =
      fmt::format("{} chips as tp={} cp={} pp={} dp={}, {} micro-batches, bubble {:.1f}%", r.chips,
                  p.tp, f.train.cp, p.pp, p.dp, r.micro_batches, 100.0 * r.bubble_fraction);
  if (f.metric == Metric::kTrainingTokensPerS) {
    c.layout +=
        fmt::format("; step {:.2f} s, {} GEMMs", r.step_s, xpu::name_of(w.dtypes.activations));
  }
}

}  // namespace

bool Check::within() const { return error.empty() && std::abs(deviation()) <= figure.tolerance; }

Check check(const PublishedFigure& figure) {
  Check c;
  c.figure = figure;
  try {
    switch (figure.metric) {
      case Metric::kDecodeTokensPerSPerUser:
      case Metric::kDecodeJPerToken:
      case Metric::kDecodePowerWPerChip:
      case Metric::kPrefillJPerToken: one_step(c); break;
      case Metric::kOfflineOutputTokensPerS:
      case Metric::kOfflineTotalTokensPerS: offline_serving(c); break;
      case Metric::kOfflineJPerOutputToken: offline_wall_energy(c); break;
      case Metric::kTrainingMfu:
      case Metric::kTrainingTokensPerS: training(c); break;
      case Metric::kGemmTflopsPerS: gemm_kernel(c); break;
      case Metric::kStreamTbPerS: stream_kernel(c); break;
      case Metric::kServerOutputTokensPerS: server_serving(c); break;
    }
  } catch (const InfeasibleError& e) {
    c.modelled = 0.0;
    c.error = e.what();
  }
  return c;
}

std::vector<Check> check_all(const std::vector<PublishedFigure>& figures) {
  std::vector<Check> out;
  out.reserve(figures.size());
  for (const auto& f : figures) out.push_back(check(f));
  return out;
}

}  // namespace xpu::validation
