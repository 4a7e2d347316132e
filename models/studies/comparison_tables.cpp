// SPDX-License-Identifier: MIT
#include "studies/comparison_tables.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "common/units.h"

namespace xpu::studies {

std::string four_digits(double v) { return fmt::format("{:.4g}", v); }

namespace {

std::string tag_of(const config::ArchSpec& a, const std::string& key) {
  auto it = a.provenance.find(key);
  return it == a.provenance.end() ? "?" : std::string(1, it->second.tag);
}

std::string or_na(const Result* r, const std::string& why, std::string (*f)(const Result&)) {
  return r ? f(*r) : "n/a (" + why + ")";
}

std::string tokens_per_s(const Result& r) { return fmt::format("{:.1f}", r.tokens_per_s); }
std::string latency_ms(const Result& r) { return fmt::format("{:.3f}", r.latency_s * 1e3); }
std::string j_per_token(const Result& r) { return fmt::format("{:.4f}", r.energy_j_per_token); }
std::string batch_of(const Result& r) { return fmt::format("{}", r.batch); }

std::string gb(double bytes) { return fmt::format("{:.1f}", bytes / units::kGiga); }

}  // namespace

TextTable summary_table(const Comparison& c, const config::WorkloadSpec& w) {
  TextTable t;
  // Key columns first: what a reader compares designs by; the rest in the details block.
  t.header = {"arch", "weights in", "chips", "fits", "decode, batch 1", "best batch",
              "decode, best", "per chip, best", "energy, best", "prefill", "DRAM bandwidth source",
              // details
              "DRAM", "HBM stacks per chip", "replica memory", "weights", "step, batch 1",
              "energy, batch 1", "step, best", "prefill latency", "prefill energy"};
  t.units = {"",         "format",  "",         "",        "tokens/s", "sequences", "tokens/s",
             "tokens/s", "J/token", "tokens/s", "tag",     "",         "",          "GB",
             "GB",       "ms/step", "J/token",  "ms/step", "ms",       "J/token"};
  t.key_columns = 11;
  t.numeric = {false, false, true, false, true, true, true, true, true, true,
               false, false, true, true,  true, true, true, true, true, true};
  for (const auto& s : summarize(c, w)) {
    const auto& a = *s.arch;
    const std::string no_fit = s.fit == "not run" ? "not run" : "does not fit";
    std::string dram = a.dram ? a.dram->technology : "n/a (no DRAM)";
    std::string stacks = !a.dram            ? "n/a (no DRAM)"
                         : a.dram->is_hbm() ? fmt::format("{}", a.dram->stacks)
                                            : "n/a (not HBM)";
    const std::string per_chip =
        s.decode_best ? fmt::format("{:.1f}", s.decode_best->tokens_per_s /
                                                  static_cast<double>(s.decode_best->chips))
                      : "n/a (" + no_fit + ")";
    t.rows.push_back({a.id,
                      std::string(name_of(s.weight_dtype)),
                      fmt::format("{}", s.chips),
                      s.fit,
                      or_na(s.decode_first, no_fit, tokens_per_s),
                      or_na(s.decode_best, no_fit, batch_of),
                      or_na(s.decode_best, no_fit, tokens_per_s),
                      per_chip,
                      or_na(s.decode_best, no_fit, j_per_token),
                      or_na(s.prefill, no_fit, tokens_per_s),
                      a.dram ? tag_of(a, "memory.dram.bandwidth_tbs") : "n/a (no DRAM)",
                      dram,
                      stacks,
                      gb(s.capacity_bytes),
                      gb(s.weight_bytes),
                      or_na(s.decode_first, no_fit, latency_ms),
                      or_na(s.decode_first, no_fit, j_per_token),
                      or_na(s.decode_best, no_fit, latency_ms),
                      or_na(s.prefill, no_fit, latency_ms),
                      or_na(s.prefill, no_fit, j_per_token)});
  }
  return t;
}

TextTable sweep_table(const Comparison& c, const config::WorkloadSpec& w) {
  TextTable t;
  t.header.push_back("arch");
  t.numeric.push_back(false);
  for (int64_t b : c.spec.decode_batches) {
    t.header.push_back(fmt::format("b{}_tokens_per_s", b));
    t.numeric.push_back(true);
  }
  for (const auto& a : c.archs) {
    std::vector<std::string> row{a.id};
    for (int64_t b : c.spec.decode_batches) {
      const Result* r = c.find(a.id, w.id, "decode", b);
      row.push_back(r ? tokens_per_s(*r) : "n/a");
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

TextTable op_table(const Result& r) {
  TextTable t;
  t.header = {"op",    "kind", "repeat",        "time_us", "share_pct",
              "GFLOP", "MB",   "FLOP_per_byte", "bound"};
  t.numeric = {false, false, true, true, true, true, true, true, false};
  std::vector<const OpResult*> ops;
  for (const auto& o : r.ops) ops.push_back(&o);
  std::stable_sort(ops.begin(), ops.end(),
                   [](const OpResult* a, const OpResult* b) { return a->time_s > b->time_s; });
  for (const OpResult* o : ops) {
    t.rows.push_back(
        {o->name, std::string(name_of(o->kind)), fmt::format("{}", o->repeat),
         fmt::format("{:.1f}", o->time_s * 1e6),
         fmt::format("{:.1f}", r.latency_s > 0 ? 100.0 * o->time_s / r.latency_s : 0.0),
         fmt::format("{:.3f}", o->flops / units::kGiga),
         fmt::format("{:.3f}", o->bytes / units::kMega),
         o->bytes > 0 ? fmt::format("{:.1f}", o->flops / o->bytes) : "n/a (no bytes)",
         std::string(name_of(o->bound))});
  }
  return t;
}

TextTable skipped_table(const Comparison& c) {
  TextTable t;
  t.header = {"arch", "workload", "phase", "batch", "reason"};
  t.numeric = {false, false, false, true, false};
  for (const auto& s : c.skipped) {
    t.rows.push_back({s.arch.empty() ? "(all)" : s.arch, s.workload.empty() ? "(all)" : s.workload,
                      s.phase.empty() ? "(all)" : s.phase,
                      s.batch > 0
                          ? fmt::format("{}", s.batch) + (s.phase == "decode" ? " and up" : "")
                          : "(all)",
                      s.reason});
  }
  return t;
}

TextTable warnings_table(const Comparison& c) {
  TextTable t;
  t.header = {"warning", "archs"};
  t.numeric = {false, false};
  std::vector<std::string> order;  // first appearance: results are in a fixed order
  std::map<std::string, std::set<std::string>> archs;
  for (const auto& r : c.results) {
    for (const auto& w : r.warnings) {
      if (!archs.count(w)) order.push_back(w);
      archs[w].insert(r.arch);
    }
  }
  for (const auto& w : order) {
    std::string list;
    for (const auto& a : archs[w]) list += (list.empty() ? "" : ", ") + a;
    t.rows.push_back({w, list});
  }
  return t;
}

namespace {

// Published figures span 250 tok/s/user to 500,000 tok/s: whole numbers from 100 up.
std::string figure_value(double v) {
  return v >= 100.0 ? fmt::format("{:.0f}", v) : fmt::format("{:.3g}", v);
}

}  // namespace

TextTable validation_table(const Comparison& c) {
  TextTable t;
  t.header = {"figure",        "model ran",     "metric", "published", "model",
              "deviation_pct", "tolerance_pct", "status", "source"};
  t.numeric = {false, false, false, true, true, true, true, false, false};
  for (const auto& v : c.validation) {
    const auto& f = v.figure;
    const double off = std::abs(v.deviation());
    std::string status = v.within()      ? "within"
                         : f.gap.empty() ? "outside"
                                         : "outside, gap stated: " + f.gap;
    if (!v.error.empty()) status = "not evaluated: " + v.error;
    t.rows.push_back(
        {f.what, v.layout.empty() ? "n/a (not evaluated)" : v.layout,
         std::string(validation::unit_of(f.metric)), figure_value(f.published),
         v.error.empty() ? figure_value(v.modelled) : "n/a (not evaluated)",
         v.error.empty() ? fmt::format("{:+.1f}", 100.0 * v.deviation()) : "n/a (not evaluated)",
         fmt::format("{:.0f}", 100.0 * f.tolerance), status, f.source});
    t.row_classes.push_back(v.within()                                      ? "within"
                            : (v.error.empty() && off <= 2.0 * f.tolerance) ? "near"
                                                                            : "off");
  }
  return t;
}

TextTable calibration_table(const Comparison& c) {
  TextTable t;
  t.header = {"calibration",
              "measurements",
              "gemm_points",
              "gemm_points_excluded",
              "gemm_median_abs_error_pct",
              "gemm_worst_abs_error_pct",
              "tensor_scale_bf16",
              "tensor_scale_fp8",
              "transfer_die",
              "transfer_rows",
              "transfer_worst_row_abs_error_pct"};
  t.numeric = {false, false, true, true, true, true, true, true, false, true, true};
  for (const auto& e : c.calibrations) {
    // A transferred file: the H100 grid's fit, its tensor efficiencies x the die's factors.
    const config::TensorTransfer unscaled;
    const auto& transfer = e.transfer ? *e.transfer : unscaled;
    t.rows.push_back(
        {std::filesystem::path(e.file).lexically_normal().string(),
         e.measurements.empty() ? "n/a (not recorded)" : e.measurements,
         fmt::format("{}", e.fit.gemm_points), fmt::format("{}", e.fit.gemm_points_excluded),
         fmt::format("{:.1f}", 100.0 * e.fit.gemm_median_abs_error),
         fmt::format("{:.1f}", 100.0 * e.fit.gemm_worst_abs_error),
         fmt::format("{:.3f}", transfer.bf16_scale), fmt::format("{:.3f}", transfer.fp8_scale),
         // What the factors rest on: the die's measured matmul rows and the worst of them after
         // the transfer (docs/calibration.md, "Other GPUs").
         e.transfer ? transfer.die : "n/a (fitted on its own measurements)",
         e.transfer ? fmt::format("{}", transfer.rows) : "n/a",
         e.transfer ? fmt::format("{:.1f}", 100.0 * transfer.worst_row_abs_error) : "n/a"});
  }
  return t;
}

TextTable provenance_table(const Comparison& c) {
  TextTable t;
  t.header = {"arch",
              "name",
              "family",
              "bf16_dense_TFLOPS",
              "dram_bandwidth_TBps",
              "dram_capacity_GB",
              "hbm_stacks",
              "sram_capacity_MB",
              "sram_bandwidth_TBps",
              "tdp_W"};
  t.numeric = {false, false, false, true, true, true, true, true, true, true};
  auto cell = [](const config::ArchSpec& a, const std::string& key, bool present, double v,
                 const char* format) {
    if (!present) return std::string("n/a (not in arch file)");
    return fmt::format(fmt::runtime(format), v) + " [" + tag_of(a, key) + "]";
  };
  for (const auto& a : c.archs) {
    auto bf16 = a.compute.dense_peak_flops_per_s.find(DType::kBf16);
    const bool has_bf16 = bf16 != a.compute.dense_peak_flops_per_s.end();
    const bool hbm = a.dram && a.dram->is_hbm();
    t.rows.push_back({a.id, a.name, std::string(config::name_of(a.family)),
                      cell(a, "compute.dense_peak_tflops.bf16", has_bf16,
                           has_bf16 ? bf16->second / units::kTera : 0.0, "{:.1f}"),
                      cell(a, "memory.dram.bandwidth_tbs", a.dram.has_value(),
                           a.dram ? a.dram->bandwidth_bytes_per_s / units::kTera : 0.0, "{:.2f}"),
                      cell(a, "memory.dram.capacity_gb", a.dram.has_value(),
                           a.dram ? a.dram->capacity_bytes / units::kGiga : 0.0, "{:.0f}"),
                      cell(a, "memory.dram.stacks", hbm,
                           hbm ? static_cast<double>(a.dram->stacks) : 0.0, "{:.0f}"),
                      cell(a, "memory.sram.capacity_mb", a.sram.has_value(),
                           a.sram ? a.sram->capacity_bytes / units::kMega : 0.0, "{:.0f}"),
                      cell(a, "memory.sram.bandwidth_tbs", a.sram.has_value(),
                           a.sram ? a.sram->bandwidth_bytes_per_s / units::kTera : 0.0, "{:.1f}"),
                      cell(a, "power.tdp_w", a.power.tdp_w > 0, a.power.tdp_w, "{:.0f}")});
  }
  return t;
}

std::vector<std::string> method_notes(const Comparison& c) {
  std::string batches;
  for (int64_t b : c.spec.decode_batches)
    batches += (batches.empty() ? "" : ", ") + std::to_string(b);
  return {
      fmt::format(
          "Engine: analytic (each op timed in isolation by the calibrated kernel model, ops "
          "run back to back). Decode: one step with {} tokens already in the KV cache, at "
          "batch {}. Prefill: batch {}, prompt {} tokens.",
          c.spec.decode_context, batches, c.spec.prefill_batch, c.spec.prefill_prompt),
      "One model replica per row: GPUs and hardwired chips run the whole model on one chip; "
      "families that spread a model over chips use the fewest that fit (column chips). A model "
      "that does not fit is not evaluated and is listed under \"Not evaluated\".",
      "Best batch: the batch of the sweep with the highest decode tokens/s among those that fit "
      "in memory; latency per token grows with it. J/token comes from the engine's energy model; "
      "the result warnings below say what it leaves out.",
      "Each number in an arch file carries a provenance tag (legend below); the column DRAM "
      "bandwidth source is the tag of the DRAM bandwidth that memory-bound decode throughput "
      "rests on.",
      c.spec.force_dtype
          ? fmt::format(
                "Formats: every chip runs weights, activations and KV cache in {} (--dtype); "
                "a chip without it is listed under \"Not evaluated\".",
                name_of(*c.spec.force_dtype))
          : "Formats: each chip runs in its own format (column weights in): the one it is built "
            "for "
            "([native_dtypes]: Groq int8 weights, HC1 its 4-bit weights), else the one it runs "
            "best "
            "([preferred_dtypes], with its source: Sohu fp8), else the workload's (bf16 on the "
            "GPUs). "
            "Weights and memory are counted in that format; --dtype forces one for all.",
  };
}

const std::vector<std::pair<char, std::string>>& provenance_legend() {
  static const std::vector<std::pair<char, std::string>> legend = {
      {'P', "primary: datasheet, paper, MLCommons result"},
      {'S', "secondary: press transcription of a primary source"},
      {'T', "third-party, low reliability"},
      {'D', "derived by arithmetic from cited values"},
      {'V', "vendor claim, not independently measured"},
      {'A', "modelling assumption, stated in docs/"},
      {'C', "calibrated from a measurement file in the repo"},
  };
  return legend;
}

}  // namespace xpu::studies
