// SPDX-License-Identifier: MIT
#include "report/lessons.h"

#include <fmt/format.h>

#include "common/units.h"
#include "report/svg_chart.h"

namespace xpu::report {

namespace {

using svg::escape;

// The lessons compare these archs on the comparison's first workload.
constexpr const char* kGpu = "h100_sxm";
constexpr const char* kMoreHbm = "h200";
constexpr const char* kSramOnly = "groq_lpu";
constexpr const char* kWafer = "cerebras_wse3";

struct Context {
  const studies::Comparison& c;
  const config::WorkloadSpec& w;
  std::vector<studies::ArchSummary> rows;

  const studies::ArchSummary* row(const std::string& id) const {
    for (const auto& r : rows) {
      if (r.arch->id == id) return &r;
    }
    return nullptr;
  }
  // The command that reproduces a point of this comparison.
  std::string explain(const Result& r) const {
    const studies::ArchSummary* s = row(r.arch);
    std::string cmd =
        fmt::format("xpusim explain --arch {} --workload workloads/{}.toml --phase {} --batch {}",
                    s ? s->arch->file : r.arch, w.id, name_of(r.phase), r.batch);
    cmd += r.phase == Phase::kDecode ? fmt::format(" --context {}", r.context)
                                     : fmt::format(" --prompt {}", r.prompt);
    if (r.layout.tp > 1) cmd += fmt::format(" --parallel tp={}", r.layout.tp);
    if (!s) return cmd;
    const auto dtypes = studies::resolved(c, *s->arch, w).dtypes;
    if (dtypes.weights != w.dtypes.weights)
      cmd += fmt::format(" --weight-dtype {}", name_of(dtypes.weights));
    if (dtypes.activations != w.dtypes.activations)
      cmd += fmt::format(" --activation-dtype {}", name_of(dtypes.activations));
    if (dtypes.kv_cache != w.dtypes.kv_cache)
      cmd += fmt::format(" --kv-dtype {}", name_of(dtypes.kv_cache));
    return cmd;
  }
};

std::string lesson(const std::string& title, const std::string& body,
                   const std::vector<std::string>& commands) {
  std::string out = "<section>\n<h2>" + escape(title) + "</h2>\n<p>" + escape(body) + "</p>\n";
  for (const auto& cmd : commands) out += "<pre>" + escape(cmd) + "</pre>\n";
  return out + "</section>\n";
}

std::string missing(const std::string& title, const std::string& archs) {
  return lesson(title, "n/a (this comparison did not evaluate " + archs + " on this workload)", {});
}

double intensity(const Result& r) { return r.dram_bytes > 0 ? r.flops / r.dram_bytes : 0.0; }

std::string decode_vs_prefill(const Context& x) {
  const char* title = "Decode is memory-bound, prefill compute-bound";
  const auto* s = x.row(kGpu);
  if (!s || !s->decode_first || !s->prefill || !s->arch->dram) return missing(title, kGpu);
  const Result &d = *s->decode_first, &p = *s->prefill;
  const auto& a = *s->arch;
  const double ridge = a.dense_peak_flops_per_s(studies::resolved(x.c, a, x.w).dtypes.activations) /
                       a.dram->bandwidth_bytes_per_s;
  return lesson(
      title,
      fmt::format("On {}, one decode step at batch {} does {:.1f} FLOP per DRAM byte: every "
                  "weight is read to produce one token per sequence. The chip's ridge point "
                  "(peak FLOP/s over DRAM bandwidth) is {:.0f} FLOP/byte, so the step waits on "
                  "memory and uses {:.1f}% of the peak. Prefill of a {}-token prompt reuses each "
                  "weight for every prompt token: {:.0f} FLOP/byte, {:.1f}% of the peak.",
                  a.name, d.batch, intensity(d), ridge, 100.0 * d.mfu, p.prompt, intensity(p),
                  100.0 * p.mfu),
      {x.explain(d), x.explain(p)});
}

std::string what_hbm_buys(const Context& x) {
  const char* title = "What HBM buys";
  const auto *a = x.row(kGpu), *b = x.row(kMoreHbm);
  if (!a || !b || !a->decode_first || !b->decode_first || !a->arch->dram || !b->arch->dram) {
    return missing(title, std::string(kGpu) + " and " + kMoreHbm);
  }
  const auto &da = *a->arch->dram, &db = *b->arch->dram;
  return lesson(
      title,
      fmt::format("{} and {} share the compute die; {} has {:.0f} GB of {} at {:.2f} TB/s against "
                  "{:.0f} GB of {} at {:.2f} TB/s ({:.2f}x). Decode at batch 1 runs {:.1f} against "
                  "{:.1f} tokens/s ({:.2f}x, on {} and {} chips): bandwidth sets the speed of a "
                  "memory-bound step. Capacity sets how large a batch fits beside the weights: "
                  "the best batch is {} against {}, {:.0f} against {:.0f} tokens/s.",
                  a->arch->name, b->arch->name, b->arch->name, db.capacity_bytes / units::kGiga,
                  db.technology, db.bandwidth_bytes_per_s / units::kTera,
                  da.capacity_bytes / units::kGiga, da.technology,
                  da.bandwidth_bytes_per_s / units::kTera,
                  db.bandwidth_bytes_per_s / da.bandwidth_bytes_per_s,
                  b->decode_first->tokens_per_s, a->decode_first->tokens_per_s,
                  b->decode_first->tokens_per_s / a->decode_first->tokens_per_s, b->chips, a->chips,
                  b->decode_best->batch, a->decode_best->batch, b->decode_best->tokens_per_s,
                  a->decode_best->tokens_per_s),
      {x.explain(*a->decode_first), x.explain(*b->decode_first)});
}

std::string sram_only(const Context& x) {
  const char* title = "Why SRAM-only needs hundreds of chips";
  const auto* s = x.row(kSramOnly);
  if (!s || !s->decode_first || !s->arch->sram) return missing(title, kSramOnly);
  const double sram = s->arch->sram->capacity_bytes;
  return lesson(
      title,
      fmt::format("{} holds {:.0f} MB of SRAM and no DRAM. {}'s weights in {} are {:.1f} GB, "
                  "{:.0f} chips' worth of SRAM before any KV cache or activations; one replica "
                  "here uses {} chips. Each chip then streams only its own slice at SRAM speed, "
                  "so batch 1 runs {:.0f} tokens/s, but the system is priced and powered as {} "
                  "chips.",
                  s->arch->name, sram / units::kMega, x.w.name, name_of(s->weight_dtype),
                  s->weight_bytes / units::kGiga, s->weight_bytes / sram, s->decode_first->chips,
                  s->decode_first->tokens_per_s, s->decode_first->chips),
      {x.explain(*s->decode_first)});
}

std::string wafer(const Context& x) {
  const char* title = "What a wafer changes";
  const auto *s = x.row(kWafer), *g = x.row(kGpu);
  if (!s || !g || !s->decode_first || !g->decode_first)
    return missing(title, std::string(kWafer) + " and " + kGpu);
  return lesson(
      title,
      fmt::format(
          "{} is one wafer-sized die: its cores talk over on-wafer wires, not cables, and "
          "hold the weights in SRAM beside them, so a model spread over {} wafer(s) reads "
          "its weights at on-chip bandwidth. Decode at batch 1 runs {:.0f} tokens/s against {:.1f} "
          "on {} ({} chips), {:.0f}x.",
          s->arch->name, s->decode_first->chips, s->decode_first->tokens_per_s,
          g->decode_first->tokens_per_s, g->arch->name, g->decode_first->chips,
          s->decode_first->tokens_per_s / g->decode_first->tokens_per_s),
      {x.explain(*s->decode_first)});
}

std::string power(const Context& x) {
  const char* title = "Where the power goes";
  const auto* s = x.row(kGpu);
  if (!s || !s->decode_first || !s->decode_best) return missing(title, kGpu);
  auto shares = [](const Result& r) {
    double total = 0;
    for (const auto& [k, j] : r.energy_breakdown_j) total += j;
    std::string out;
    for (const auto& [k, j] : r.energy_breakdown_j) {
      if (total > 0 && j / total >= 0.005)
        out += fmt::format("{}{} {:.0f}%", out.empty() ? "" : ", ", k, 100.0 * j / total);
    }
    return out;
  };
  const Result &one = *s->decode_first, &best = *s->decode_best;
  return lesson(
      title,
      fmt::format("On {}, a decode step at batch {} spends its energy as: {} ({:.3f} J/token). "
                  "At batch {} the same weight reads serve {} sequences: {} ({:.4f} J/token). "
                  "At batch 1 arithmetic is a sliver: a token pays for the chip's static power and "
                  "for reading every weight from DRAM, both of which a larger batch shares out.",
                  s->arch->name, one.batch, shares(one), one.energy_j_per_token, best.batch,
                  best.batch, shares(best), best.energy_j_per_token),
      {x.explain(one), x.explain(best)});
}

}  // namespace

std::string to_lessons_html(const studies::Comparison& c) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>xpusim: lessons from the comparison</title>\n<style>\n"
      "body{font-family:sans-serif;margin:2em auto;max-width:900px;color:#222;padding:0 1em}"
      "pre{background:#f4f4f4;padding:.5em;white-space:pre-wrap;font-size:12px}\n"
      "</style>\n</head>\n<body>\n<h1>Lessons from the comparison</h1>\n";
  if (c.workloads.empty())
    return out + "<p>n/a (no workload was evaluated)</p>\n</body>\n</html>\n";
  const Context x{c, c.workloads.front(), studies::summarize(c, c.workloads.front())};
  out +=
      "<p>Each lesson is stated with the numbers of this report (<a "
      "href=\"index.html\">index.html</a>) on " +
      escape(x.w.name) +
      ", each chip in its own format; the command under it explains the point step by step.</p>\n";
  out += decode_vs_prefill(x) + what_hbm_buys(x) + sram_only(x) + wafer(x) + power(x);
  return out + "</body>\n</html>\n";
}

}  // namespace xpu::report
