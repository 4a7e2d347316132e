// SPDX-License-Identifier: MIT
#include "studies/explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "analytical/evaluate.h"
#include "common/error.h"
#include "compiler/plan.h"
#include "result/dominant_bound.h"
#include "result/finite.h"

namespace xpu::studies {

namespace {

// Batches tried when looking for the ridge: doubling, up to where no chip holds the KV cache.
constexpr int kMaxDoublings = 16;
constexpr double kBandwidthStep = 1.5;  // "+50%" what-ifs
constexpr double kPeakStep = 1.5;

struct Point {
  Result result;
  double intensity = 0.0;         // FLOP per main-memory byte, whole step
  double peak_flops_per_s = 0.0;  // all chips, compute dtype of the heaviest op
  double bytes_per_s = 0.0;       // all chips, the memory the weights stream from
  double ridge() const { return peak_flops_per_s / bytes_per_s; }
};

// The memory the step streams its weights from bounds a decode step: DRAM, SRAM or the weight
// arrays of a model-in-silicon chip.
double weight_memory_bytes_per_s(const config::ArchSpec& a, const compiler::Plan& plan) {
  switch (plan.mapping.weights) {
    case compiler::Residence::kDram: return a.dram->bandwidth_bytes_per_s;
    case compiler::Residence::kSram: return a.sram->bandwidth_bytes_per_s;
    case compiler::Residence::kSilicon: return a.silicon_model->weight_read_bytes_per_s;
  }
  return 0.0;
}

void scale_weight_memory(config::ArchSpec& a, double factor) {
  if (a.dram) a.dram->bandwidth_bytes_per_s *= factor;
  if (a.sram) a.sram->bandwidth_bytes_per_s *= factor;
  if (a.silicon_model) a.silicon_model->weight_read_bytes_per_s *= factor;
}

Point evaluate(const config::ArchSpec& arch, const config::WorkloadSpec& w,
               const workload::Scenario& s) {
  const auto plan = compiler::compile(machine::resolve(arch), w, s);
  Point p;
  p.result = analytical::evaluate(plan);
  require_sound(p.result);
  double bytes = 0.0;
  for (const auto& op : p.result.ops) bytes += op.bytes;
  p.intensity = bytes > 0 ? p.result.flops / bytes : 0.0;
  const auto heaviest =
      std::max_element(plan.ops.begin(), plan.ops.end(),
                       [](const auto& a, const auto& b) { return a.flops < b.flops; });
  const auto chips = static_cast<double>(plan.mapping.chips);
  p.peak_flops_per_s = arch.dense_peak_flops_per_s(heaviest->compute_dtype) * chips;
  p.bytes_per_s = weight_memory_bytes_per_s(arch, plan) * chips;
  return p;
}

std::optional<Point> try_evaluate(const config::ArchSpec& arch, const config::WorkloadSpec& w,
                                  const workload::Scenario& s) {
  try {
    return evaluate(arch, w, s);
  } catch (const InfeasibleError&) {
    return std::nullopt;
  }
}

std::string bound_phrase(const std::string& bound, const config::ArchSpec& arch,
                         const compiler::Plan& plan) {
  const bool static_schedule = !plan.machine.kernel_by_kernel();
  if (bound == "compute") return "compute-bound: the matrix units are the limit";
  if (bound == "quantisation")
    return "compute-bound on padding: tiles and waves only partly filled";
  if (bound == "memory" && static_schedule && arch.compute.weight_install_bytes_per_s > 0.0)
    return "memory-bound: installing each GEMM's weights into the weight-stationary matrix units "
           "(compute.weight_install_tbs per chip, narrower than the SRAM) is the limit";
  if (bound == "memory" && static_schedule && plan.mapping.weights == compiler::Residence::kSram)
    return "memory-bound: streaming weights and KV cache out of on-chip SRAM is the limit";
  if (bound == "memory" && static_schedule && plan.mapping.weights == compiler::Residence::kSilicon)
    return "memory-bound: reading the weight arrays in silicon is the limit";
  if (bound == "memory") return "memory-bound: streaming weights and KV cache is the limit";
  if (bound == "network" && static_schedule && arch.mesh)
    return "network-bound: reducing each GEMM's partial outputs across the wafer's mesh (hop "
           "latency x cores along a row, and back) is the limit";
  if (bound == "network" && static_schedule)
    return "network-bound: all-reducing each GEMM's partial outputs over the chip-to-chip links "
           "of a layer's chips (a hop latency per step: 2 inside a fully connected node, 2(g-1) "
           "around a ring) is the limit";
  if (bound == "network") return "network-bound: collectives between chips are the limit";
  if (bound == "latency") return "latency-bound: tokens crossing chip boundaries are the limit";
  return "overhead-bound: fixed per-kernel launch and synchronisation costs are the limit";
}

std::string si(double x, const char* unit) {
  const char* prefixes[] = {"", "k", "M", "G", "T", "P", "E"};
  int k = 0;
  while (std::abs(x) >= 1000.0 && k < 6) x /= 1000.0, ++k;
  return fmt::format("{:.3g} {}{}", x, prefixes[k], unit);
}

std::string change(double before, double after) {
  return fmt::format("{:+.1f}%", 100.0 * (after / before - 1.0));
}

}  // namespace

std::string explain(const config::ArchSpec& arch, const config::WorkloadSpec& w,
                    const workload::Scenario& s) {
  const Point p = evaluate(arch, w, s);
  const Result& r = p.result;
  const bool decode = s.phase == workload::Phase::kDecode;
  std::string out;
  auto line = [&out](const std::string& text) { out += text + "\n"; };

  line(fmt::format("1. The point: {} on {} ({} chip{}), {} with batch {}{}.", w.name, arch.name,
                   r.chips, r.chips == 1 ? "" : "s", name_of(r.phase), s.batch,
                   decode ? fmt::format(", {} tokens of context", s.context)
                          : fmt::format(", {}-token prompts", s.prompt)));
  line(fmt::format("   One step takes {} and gives {} tokens/s.", si(r.latency_s, "s"),
                   fmt::format("{:.4g}", r.tokens_per_s)));

  const double compute_floor_s = r.flops / p.peak_flops_per_s;
  double bytes = 0.0;
  for (const auto& op : r.ops) bytes += op.bytes;
  const double memory_floor_s = bytes / p.bytes_per_s;
  line("2. The roofline:");
  line(fmt::format("   work {} and memory traffic {}: arithmetic intensity {:.3g} FLOP/byte.",
                   si(r.flops, "FLOP"), si(bytes, "B"), p.intensity));
  line(fmt::format("   The chip{} peak {} and stream {}: ridge point {:.3g} FLOP/byte.",
                   r.chips == 1 ? "'s" : "s'", si(p.peak_flops_per_s, "FLOP/s"),
                   si(p.bytes_per_s, "B/s"), p.ridge()));
  line(fmt::format("   Intensity is {} the ridge, so the roofline calls this step {}-bound:",
                   p.intensity < p.ridge() ? "below" : "above",
                   p.intensity < p.ridge() ? "memory" : "compute"));
  line(fmt::format(
      "   at least {} for the FLOPs, {} for the bytes; the model says {} ({:.2g}x the floor).",
      si(compute_floor_s, "s"), si(memory_floor_s, "s"), si(r.latency_s, "s"),
      r.latency_s / std::max(compute_floor_s, memory_floor_s)));

  line("3. Where the time goes, by the bound of each op:");
  for (const auto& [bound, t] : time_by_bound(r))
    line(fmt::format("   {:<13} {:5.1f}%", bound, 100.0 * t / r.latency_s));
  std::vector<const OpResult*> ops;
  for (const auto& op : r.ops) ops.push_back(&op);
  std::sort(ops.begin(), ops.end(), [](auto* a, auto* b) { return a->time_s > b->time_s; });
  line("   Heaviest ops:");
  for (size_t i = 0; i < std::min<size_t>(5, ops.size()); ++i) {
    const OpResult& op = *ops[i];
    line(fmt::format("   {:<28} {:5.1f}% of the step, {:>8.3g} FLOP/byte, {}-bound", op.name,
                     100.0 * op.time_s / r.latency_s, op.bytes > 0 ? op.flops / op.bytes : 0.0,
                     bound_category(op)));
  }
  const DominantBound v = dominant_bound(r);
  const auto plan = compiler::compile(machine::resolve(arch), w, s);
  line(fmt::format("4. Verdict: {} ({:.0f}% of the step).", bound_phrase(v.bound, arch, plan),
                   100.0 * v.share));

  line("5. What would change it (each line re-evaluates the modified point):");
  workload::Scenario twice = s;
  twice.batch *= 2;
  if (auto q = try_evaluate(arch, w, twice)) {
    line(
        fmt::format("   - Doubling batch to {} raises intensity to {:.3g} FLOP/byte and gives "
                    "{:.4g} tokens/s ({}), {}.",
                    twice.batch, q->intensity, q->result.tokens_per_s,
                    change(r.tokens_per_s, q->result.tokens_per_s),
                    dominant_bound(q->result).bound + "-bound"));
  } else {
    line(fmt::format("   - Doubling batch to {} does not fit.", twice.batch));
  }
  if (p.intensity < p.ridge()) {
    workload::Scenario more = s;
    std::optional<Point> crossed;
    int64_t last_fitting = s.batch;
    for (int k = 0; k < kMaxDoublings && !crossed; ++k) {
      more.batch *= 2;
      auto q = try_evaluate(arch, w, more);
      if (!q) break;
      last_fitting = more.batch;
      if (q->intensity >= q->ridge()) crossed = q;
    }
    if (crossed) {
      line(
          fmt::format("   - Growing the batch moves {} past the ridge at batch {} ({:.3g} "
                      "FLOP/byte, {:.4g} tokens/s, {}-bound).",
                      name_of(r.phase), crossed->result.batch, crossed->intensity,
                      crossed->result.tokens_per_s, dominant_bound(crossed->result).bound));
    } else {
      line(
          fmt::format("   - Growing the batch does not reach the ridge: the largest batch tried "
                      "that fits is {}.",
                      last_fitting));
    }
  }
  config::ArchSpec faster_memory = arch;
  scale_weight_memory(faster_memory, kBandwidthStep);
  if (auto q = try_evaluate(faster_memory, w, s)) {
    line(fmt::format("   - Memory bandwidth +50% gives {:.4g} tokens/s ({}).",
                     q->result.tokens_per_s, change(r.tokens_per_s, q->result.tokens_per_s)));
  }
  config::ArchSpec faster_compute = arch;
  for (auto& [dtype, peak] : faster_compute.compute.dense_peak_flops_per_s) peak *= kPeakStep;
  if (auto q = try_evaluate(faster_compute, w, s)) {
    line(fmt::format("   - Matrix peak +50% gives {:.4g} tokens/s ({}).", q->result.tokens_per_s,
                     change(r.tokens_per_s, q->result.tokens_per_s)));
  }
  if (!plan.machine.kernel_by_kernel() && arch.links && plan.mapping.chips > 1) {
    config::ArchSpec quicker_links = arch;
    quicker_links.links->hop_latency_s /= 2.0;
    if (auto q = try_evaluate(quicker_links, w, s)) {
      line(fmt::format("   - Chip-to-chip hop latency halved gives {:.4g} tokens/s ({}).",
                       q->result.tokens_per_s, change(r.tokens_per_s, q->result.tokens_per_s)));
    }
  }
  if (arch.mesh) {
    config::ArchSpec quicker_mesh = arch;
    quicker_mesh.mesh->hop_latency_s /= 2.0;
    if (auto q = try_evaluate(quicker_mesh, w, s)) {
      line(fmt::format("   - Mesh hop latency halved gives {:.4g} tokens/s ({}).",
                       q->result.tokens_per_s, change(r.tokens_per_s, q->result.tokens_per_s)));
    }
  }
  if (decode) {
    workload::Scenario longer = s;
    longer.context = std::max<int64_t>(1, 2 * s.context);
    if (auto q = try_evaluate(arch, w, longer)) {
      line(fmt::format(
          "   - Doubling the context to {} gives {:.4g} tokens/s ({}): more KV cache to stream.",
          longer.context, q->result.tokens_per_s, change(r.tokens_per_s, q->result.tokens_per_s)));
    } else {
      line(fmt::format(
          "   - Doubling the context to {} does not fit or exceeds the model's maximum.",
          longer.context));
    }
  }
  return out;
}

}  // namespace xpu::studies
