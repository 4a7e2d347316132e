// SPDX-License-Identifier: MIT
#include "report/html.h"

#include "report/diagram.h"
#include "report/html_page.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "common/pareto.h"
#include "common/units.h"
#include "report/svg_chart.h"
#include "studies/comparison_tables.h"

namespace xpu::report {

namespace {

using svg::escape;

std::string anchor(const std::string& id) {
  std::string out;
  for (char ch : id) out += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '-';
  return out;
}

// One <table> of the columns `cols` of `t`: labels, then units when the table has them.
std::string table_of_columns(const studies::TextTable& t, const std::vector<size_t>& cols) {
  auto num = [&](size_t i) { return i < t.numeric.size() && t.numeric[i]; };
  std::string out = "<div class=\"scroll\"><table>\n<thead><tr>";
  for (size_t i : cols)
    out += (num(i) ? "<th class=\"num\">" : "<th>") + escape(t.header[i]) + "</th>";
  out += "</tr>\n";
  if (!t.units.empty()) {
    out += "<tr class=\"units\">";
    for (size_t i : cols) {
      out += (num(i) ? "<th class=\"num\">" : "<th>") +
             escape(i < t.units.size() ? t.units[i] : "") + "</th>";
    }
    out += "</tr>\n";
  }
  out += "</thead>\n<tbody>\n";
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    out += r < t.row_classes.size() ? "<tr class=\"" + escape(t.row_classes[r]) + "\">" : "<tr>";
    for (size_t i : cols) {
      if (i >= row.size()) continue;
      out += (num(i) ? "<td class=\"num\">" : "<td>") + escape(row[i]) + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

// The key columns in view; the others, with the first column again, in a collapsible block.
std::string table(const studies::TextTable& t) {
  if (t.rows.empty()) return "<p class=\"note\">(none)</p>\n";
  std::vector<size_t> key, rest{0};
  const size_t split =
      t.key_columns > 0 ? std::min(t.key_columns, t.header.size()) : t.header.size();
  for (size_t i = 0; i < t.header.size(); ++i) (i < split ? key : rest).push_back(i);
  std::string out = table_of_columns(t, key);
  if (rest.size() > 1) {
    std::string names;
    for (size_t k = 1; k < rest.size(); ++k) names += (k > 1 ? ", " : "") + t.header[rest[k]];
    out += "<details><summary>More columns: " + escape(names) + "</summary>\n" +
           table_of_columns(t, rest) + "</details>\n";
  }
  return out;
}

std::string throughput_chart(const studies::Comparison& c, const config::WorkloadSpec& w) {
  svg::LineChart chart;
  chart.title =
      fmt::format("{}: decode throughput vs batch (context {})", w.name, c.spec.decode_context);
  chart.x_label = "batch (sequences)";
  chart.y_label = "tokens/s, one replica";
  chart.y_unit = "tokens/s";
  for (const auto& row : studies::summarize(c, w)) {
    const auto& a = *row.arch;
    svg::Series s;
    s.label = a.id;
    if (row.fit == "no") s.label += " (does not fit)";
    if (row.fit == "not run") s.label += " (not run)";
    for (const Result* r : c.decode_sweep(a.id, w.id)) {
      s.points.emplace_back(static_cast<double>(r->batch), r->tokens_per_s);
      s.tooltips.push_back(
          fmt::format("{} batch {}: {:.1f} tokens/s, {:.3f} ms/step, {:.4f} J/token", a.id,
                      r->batch, r->tokens_per_s, r->latency_s * 1e3, r->energy_j_per_token));
    }
    chart.series.push_back(std::move(s));
  }
  return figure(
      svg::render(chart),
      "Decode tokens/s of one replica as the batch grows (log2 x, log10 y). While decode is "
      "memory-bound, each step reads the weights once for the whole batch, so throughput "
      "rises almost in proportion to batch; the curve bends where compute or the KV cache "
      "takes over. A line stops at the largest batch that fits in memory; an arch with no "
      "line does not fit at all. Labels name each line at its end.");
}

// Where each design's energy per token goes, at its best decode batch.
std::string energy_chart(const studies::Comparison& c, const config::WorkloadSpec& w) {
  svg::BarChart chart;
  chart.title = fmt::format("{}: energy per generated token at the best decode batch", w.name);
  chart.x_label = "mJ per token";
  chart.keys = {"compute", "vector", "sram", "l2", "dram", "links", "static"};
  for (const auto& s : studies::summarize(c, w)) {
    if (!s.decode_best) continue;
    const Result& r = *s.decode_best;
    svg::Bar bar;
    bar.label = s.chips > 1 ? fmt::format("{} (x{})", s.arch->id, s.chips) : s.arch->id;
    for (size_t k = 0; k < chart.keys.size(); ++k) {
      auto it = r.energy_breakdown_j.find(chart.keys[k]);
      const double mj = it == r.energy_breakdown_j.end()
                            ? 0.0
                            : 1e3 * it->second / (r.tokens_per_s * r.latency_s);
      bar.segments.push_back({mj, k, fmt::format("{} {:.3g} mJ/token", chart.keys[k], mj)});
    }
    bar.note = fmt::format("batch {}", r.batch);
    chart.bars.push_back(std::move(bar));
  }
  return figure(svg::render(chart),
                "Where the energy of one generated token goes at each design's best batch "
                "(energy/energy_model.h): matrix FLOPs, element-wise (vector) FLOPs, on-chip SRAM "
                "and L2 traffic, DRAM traffic, chip links and static power over the step. Designs "
                "that stream weights from DRAM spend much of it moving bytes, not computing.");
}

// Every decode point of every design: throughput per chip against energy per token. The
// non-dominated points (no other point is both faster per chip and cheaper per token) are joined.
std::string pareto_chart(const studies::Comparison& c, const config::WorkloadSpec& w) {
  svg::LineChart chart;
  chart.title =
      fmt::format("{}: throughput per chip vs energy per token, all decode points", w.name);
  chart.x_label = "decode tokens/s per chip";
  chart.y_label = "J per token";
  chart.y_unit = "J/token";
  chart.x_scale = svg::Scale::kLog10;
  std::vector<std::pair<double, double>> all;
  for (const auto& s : studies::summarize(c, w)) {
    svg::Series series;
    series.label = s.arch->id;
    series.lines = false;
    for (const Result* r : c.decode_sweep(s.arch->id, w.id)) {
      series.points.push_back({r->tokens_per_s / r->chips, r->energy_j_per_token});
      series.tooltips.push_back(fmt::format("{} batch {}: {:.4g} tokens/s per chip, {:.3g} J/token",
                                            s.arch->id, r->batch, r->tokens_per_s / r->chips,
                                            r->energy_j_per_token));
    }
    if (series.points.empty()) continue;
    std::sort(series.points.begin(), series.points.end());
    all.insert(all.end(), series.points.begin(), series.points.end());
    chart.series.push_back(std::move(series));
  }
  svg::Series front;
  front.label = "Pareto front";
  front.colour = "#000000";
  std::vector<std::vector<double>> costs;  // both minimised: throughput negated
  for (const auto& [tokens_per_s_per_chip, j_per_token] : all)
    costs.push_back({-tokens_per_s_per_chip, j_per_token});
  for (size_t i : pareto_front(costs)) front.points.push_back(all[i]);
  std::sort(front.points.begin(), front.points.end());
  if (!front.points.empty()) chart.series.push_back(std::move(front));
  return figure(svg::render(chart),
                "Each marker is one decode batch of one design (colour and shape per design, named "
                "right of the plot at its fastest point); the black line joins the points no other "
                "point beats on both axes: more tokens/s per chip for less energy per token.");
}

std::string memory_chart(const studies::Comparison& c, const config::WorkloadSpec& w) {
  svg::BarChart chart;
  chart.title = fmt::format("{}: memory footprint vs capacity, one replica", w.name);
  chart.x_label = "GB";
  chart.keys = {"weights", "KV cache", "activations"};
  chart.marker_label = "capacity";
  for (const auto& s : studies::summarize(c, w)) {
    svg::Bar bar;
    bar.label = s.chips > 1 ? fmt::format("{} (x{})", s.arch->id, s.chips) : s.arch->id;
    const auto sweep = c.decode_sweep(s.arch->id, w.id);
    const Result* r = !sweep.empty() ? sweep.back() : s.prefill;
    if (r) {
      auto gb = [](double b) { return b / units::kGiga; };
      bar.segments = {
          {gb(r->weight_bytes), 0, fmt::format("weights {:.1f} GB", gb(r->weight_bytes))},
          {gb(r->kv_cache_bytes), 1, fmt::format("KV cache {:.1f} GB", gb(r->kv_cache_bytes))},
          {gb(r->activation_bytes), 2,
           fmt::format("activations {:.2f} GB", gb(r->activation_bytes))}};
      bar.marker = gb(r->memory_capacity_bytes);
      bar.note = r->phase == xpu::Phase::kDecode ? fmt::format("decode batch {}", r->batch)
                                                 : "prefill only";
    } else {
      bar.segments = {{s.weight_bytes / units::kGiga, 0,
                       fmt::format("weights {:.1f} GB", s.weight_bytes / units::kGiga)}};
      bar.marker = s.capacity_bytes / units::kGiga;
      bar.note = s.fit == "not run" ? "not run (see Not evaluated)" : "does not fit";
    }
    chart.bars.push_back(std::move(bar));
  }
  return figure(
      svg::render(chart),
      "Weights (in the format each chip runs), KV cache and peak activations at the largest "
      "decode batch of the sweep that fits, against the memory of the chips one replica "
      "uses (dashed). Where nothing fits, the weights alone.");
}

const std::vector<std::string>& bound_order() {
  static const std::vector<std::string> order = {"compute", "memory", "quantisation", "overhead"};
  return order;
}

std::string op_share_chart(const Result& r) {
  svg::BarChart chart;
  chart.title = fmt::format("{} on {}, {} batch {}: share of step time per op", r.workload, r.arch,
                            name_of(r.phase), r.batch);
  chart.x_label = "share of step time (%)";
  for (const auto& b : bound_order()) chart.keys.push_back(b + "-bound");
  std::vector<const OpResult*> ops;
  for (const auto& o : r.ops) ops.push_back(&o);
  std::stable_sort(ops.begin(), ops.end(),
                   [](const OpResult* a, const OpResult* b) { return a->time_s > b->time_s; });
  for (const OpResult* o : ops) {
    const auto it = std::find(bound_order().begin(), bound_order().end(), name_of(o->bound));
    const size_t key = static_cast<size_t>(it - bound_order().begin());
    const double share = r.latency_s > 0 ? 100.0 * o->time_s / r.latency_s : 0.0;
    svg::Bar bar;
    bar.label = o->repeat > 1 ? fmt::format("{} x{}", o->name, o->repeat) : o->name;
    bar.segments = {{share, key,
                     fmt::format("{}: {:.1f} us, {:.1f}% of the step, {}-bound", o->name,
                                 o->time_s * 1e6, share, name_of(o->bound))}};
    bar.note = o->bytes > 0 ? fmt::format("{:.1f}%  {:.1f} FLOP/B", share, o->flops / o->bytes)
                            : fmt::format("{:.1f}%", share);
    chart.bars.push_back(std::move(bar));
  }
  return svg::render(chart);
}

// Ops placed on the chip's roofline: arithmetic intensity against achieved FLOP/s, under the
// DRAM-bandwidth slope and the dense peak of the workload's activation dtype.
std::string roofline_chart(const studies::Comparison& c, const Result& r) {
  const config::ArchSpec* arch = nullptr;
  const config::WorkloadSpec* w = nullptr;
  for (const auto& a : c.archs) arch = a.id == r.arch ? &a : arch;
  for (const auto& x : c.workloads) w = x.id == r.workload ? &x : w;
  if (!arch || !w || !arch->dram) return "";
  const auto peak_it = arch->compute.dense_peak_flops_per_s.find(w->dtypes.activations);
  if (peak_it == arch->compute.dense_peak_flops_per_s.end()) return "";
  const double peak = peak_it->second / units::kTera;                  // TFLOP/s
  const double bw = arch->dram->bandwidth_bytes_per_s / units::kTera;  // TB/s

  svg::LineChart chart;
  chart.title = fmt::format("{} on {}, {} batch {}: ops on the roofline", r.workload, r.arch,
                            name_of(r.phase), r.batch);
  chart.x_label = "arithmetic intensity (FLOP per DRAM byte)";
  chart.y_label = "achieved TFLOP/s";
  chart.y_unit = "TFLOP/s";
  chart.x_scale = svg::Scale::kLog10;

  double lo = peak / bw, hi = peak / bw;
  std::vector<svg::Series> by_bound(bound_order().size());
  for (size_t k = 0; k < by_bound.size(); ++k) {
    by_bound[k].label = bound_order()[k] + "-bound ops";
    by_bound[k].lines = false;
    by_bound[k].colour = svg::colour(k);  // the colours of the op-share chart
  }
  for (const auto& o : r.ops) {
    if (o.flops <= 0 || o.bytes <= 0 || o.time_s <= 0) continue;
    const double x = o.flops / o.bytes, y = o.flops / o.time_s / units::kTera;
    lo = std::min(lo, x), hi = std::max(hi, x);
    const auto it = std::find(bound_order().begin(), bound_order().end(), name_of(o.bound));
    auto& s = by_bound[std::min<size_t>(static_cast<size_t>(it - bound_order().begin()), 3)];
    s.points.emplace_back(x, y);
    s.tooltips.push_back(
        fmt::format("{}: {:.1f} FLOP/B, {:.2f} TFLOP/s, {:.1f}% of the step, {}-bound", o.name, x,
                    y, 100.0 * o.time_s / r.latency_s, name_of(o.bound)));
  }
  lo = std::pow(10.0, std::floor(std::log10(lo))), hi = std::pow(10.0, std::ceil(std::log10(hi)));
  svg::Series roof;
  roof.label = fmt::format("roof: {:.0f} TFLOP/s, {:.2f} TB/s", peak, bw);
  roof.markers = false;
  roof.colour = "#444444";
  roof.dash = "none";
  roof.points = {{lo, std::min(peak, bw * lo)}, {peak / bw, peak}, {hi, peak}};
  chart.series.push_back(roof);
  for (auto& s : by_bound) {
    if (!s.points.empty()) chart.series.push_back(std::move(s));
  }
  return svg::render(chart);
}

}  // namespace

namespace {

// Throughput per chip against speed per user, the trade a serving fleet tunes with the batch.
std::string interactivity_chart(const studies::Comparison& c, const config::WorkloadSpec& w) {
  svg::LineChart chart;
  chart.title = fmt::format("{}: throughput per chip vs speed per user (decode, context {})",
                            w.name, c.spec.decode_context);
  chart.x_label = "tokens/s per user (one token per sequence per step)";
  chart.y_label = "tokens/s per chip";
  chart.y_unit = "tokens/s per chip";
  chart.x_scale = svg::Scale::kLog10;
  for (const auto& s : studies::summarize(c, w)) {
    svg::Series series;
    series.label = fmt::format("{} ({})", s.arch->id, name_of(s.weight_dtype));
    for (const Result* r : c.decode_sweep(s.arch->id, w.id)) {
      const double per_user = 1.0 / r->latency_s,
                   per_chip = r->tokens_per_s / static_cast<double>(r->chips);
      series.points.emplace_back(per_user, per_chip);
      series.tooltips.push_back(
          fmt::format("{} batch {}: {:.1f} tokens/s per user, {:.1f} tokens/s per chip ({} chips)",
                      s.arch->id, r->batch, per_user, per_chip, r->chips));
    }
    if (!series.points.empty()) chart.series.push_back(std::move(series));
  }
  return figure(
      svg::render(chart),
      "Each curve is one design's decode batch sweep (batch 1, 2, 4, ... up to the largest "
      "that fits; the same points as the throughput chart), drawn as the trade a server "
      "makes: a larger batch raises the tokens/s each chip delivers and lowers the tokens/s "
      "each user sees. Up and to the right is better; a curve that reaches further right "
      "serves faster users, one that reaches higher serves more tokens per chip.");
}

std::string interactivity_section(const studies::Comparison& c) {
  std::string out =
      "<section id=\"interactivity\">\n<h2>Interactivity: throughput per chip vs speed per "
      "user</h2>\n";
  for (const auto& w : c.workloads) out += interactivity_chart(c, w);
  return out + "</section>\n";
}

std::string tco_section(const studies::Comparison& c) {
  std::string out = "<section id=\"tco\">\n<h2>Cost per million tokens and tokens per MW</h2>\n";
  if (!c.tco) return out + "<p class=\"note\">n/a (no TCO file: --tco \"\")</p>\n</section>\n";
  const auto& t = *c.tco;
  out += fmt::format(
      "<p class=\"note\">At each design's best decode batch, per chip. Capex: the chip's price "
      "spread over {:g} years, serving {:.0f}% of the time; power: the energy per token the model "
      "draws at that point, times PUE {:g}, at ${:g}/kWh (idle time is not charged). "
      "\"Cost at price\" uses the price listed in <code>{}</code> with its source; "
      "\"cost at build cost\" uses the manufacturing model's cost of every chip alike (a floor: "
      "no margin, board, host or network). Tokens/s per MW: drawn at that point, and provisioned "
      "at TDP, both with PUE. Edit the file to change any input.</p>\n",
      t.life_years, 100.0 * t.utilisation, t.pue, t.usd_per_kwh, escape(t.file));
  for (const auto& w : c.workloads) {
    out += "<h3>" + escape(w.name) + "</h3>\n" + table(studies::tco_table(c, w, t));
  }
  return out + "</section>\n";
}

std::string curve_label(const studies::PowerCapCurve& curve) {
  return fmt::format("{} {} ({})", curve.arch->id, name_of(curve.phase),
                     curve.vf_curve ? "V-f curve" : "uniform stretch");
}

// The study's curves, in-reach points only: J/token (or the step's time over its time at the
// TDP) against the board limit.
std::string power_cap_chart(const std::vector<studies::PowerCapCurve>& curves, bool latency) {
  svg::LineChart chart;
  chart.title = latency ? "Step time under a power limit, relative to the step at TDP"
                        : "Energy per token against the board power limit";
  chart.x_label = "power limit per chip (W)";
  chart.y_label = latency ? "step time / step time at TDP" : "J per token";
  chart.y_unit = latency ? "x" : "J/token";
  chart.x_scale = svg::Scale::kLinear;
  for (const auto& curve : curves) {
    if (curve.points.empty()) continue;
    svg::Series s;
    s.label = curve_label(curve);
    const double at_tdp_s = curve.points.front().result.latency_s;
    for (const auto& p : curve.points) {
      if (!p.in_reach) continue;
      const Result& r = p.result;
      s.points.emplace_back(p.cap_w, latency ? r.latency_s / at_tdp_s : r.energy_j_per_token);
      s.tooltips.push_back(fmt::format(
          "{} at {:.0f} W: {:.4g} J/token, {:.3f} ms ({:.2f}x), {:.0f} W per chip{}", s.label,
          p.cap_w, r.energy_j_per_token, r.latency_s * 1e3, r.latency_s / at_tdp_s,
          r.power_per_chip_w,
          r.capped_clock_hz > 0 ? fmt::format(", clock {:.0f} MHz", r.capped_clock_hz / 1e6) : ""));
    }
    if (!s.points.empty()) chart.series.push_back(std::move(s));
  }
  return svg::render(chart);
}

// Per curve: J/token and step time at the TDP and at the lowest limit in reach.
std::string power_cap_numbers(const std::vector<studies::PowerCapCurve>& curves) {
  std::string out;
  for (const auto& curve : curves) {
    const studies::PowerCapPoint* low = nullptr;
    for (const auto& p : curve.points) low = p.in_reach ? &p : low;
    if (!low) continue;
    const Result &top = curve.points.front().result, &r = low->result;
    out += fmt::format(
        "{}{}: {:.4g} J/token at {:.0f} W, {:.4g} ({:+.0f}%) at {:.0f} W, the step {:.2f}x "
        "longer{}",
        out.empty() ? "" : "; ", curve_label(curve), top.energy_j_per_token,
        curve.points.front().cap_w, r.energy_j_per_token,
        100.0 * (r.energy_j_per_token / top.energy_j_per_token - 1.0), low->cap_w,
        r.latency_s / top.latency_s,
        curve.points.back().in_reach
            ? ""
            : fmt::format(" ({:.0f} W is out of reach)", curve.points.back().cap_w));
  }
  return out.empty() ? out : out + ".";
}

std::string power_section(const studies::Comparison& c, const HtmlExtras& extras) {
  std::string out =
      "<section id=\"power\">\n<h2>Power: static and dynamic energy, and power limits</h2>\n"
      "<p class=\"note\">Per arch at its prefill and at its best decode batch: energy per token "
      "split into dynamic (matrix and vector FLOPs, SRAM, L2, DRAM, links, wafer fabric) and "
      "static (idle power plus the clocks' power while the chip holds work, over the whole step), "
      "and the average power of one chip and of the chips of one replica together "
      "(docs/energy.md).</p>\n";
  for (const auto& w : c.workloads) {
    out += "<h3>" + escape(w.name) + "</h3>\n" + table(studies::power_split_table(c, w));
  }
  out += "<h3>J/token against the power limit</h3>\n";
  const auto& curves = extras.power_caps;
  if (curves.empty())
    return out + "<p class=\"note\">n/a (the study was not run)</p>\n</section>\n";
  const studies::PowerCapCurve& first = curves.front();
  out += fmt::format(
      "<p class=\"note\">{} on one chip, prefill of {} tokens at batch {} and decode at batch {} "
      "with {} tokens of context, each in the format the report runs the chip in, at board "
      "limits from the chip's TDP down in steps of a fourteenth until the model cannot meet the "
      "limit; each point is what <code>xpusim run --power-cap-w W</code> gives.</p>\n",
      escape(first.workload), c.spec.prefill_prompt, c.spec.prefill_batch,
      c.spec.decode_batches.empty() ? 0 : c.spec.decode_batches.front(), c.spec.decode_context);
  const std::string numbers = power_cap_numbers(curves);
  out += figure(
      power_cap_chart(curves, false),
      "A power limit caps the chip's average power, so the same work must run slower. On a "
      "compute-bound step (prefill: large matrix products) the chip lowers its core clock, and "
      "along the H100's V-f curve a lower clock runs at a lower voltage; the energy of each "
      "multiply-add scales with the voltage squared, so the same FLOPs cost less while static "
      "power is paid over a longer step: J/token falls under a moderate cap. A memory-bound step "
      "(decode at batch 1 reads every weight from HBM for each token) draws far below the limit, "
      "so a cap binds only when it is low, and then it saves little: the time and the energy are "
      "in HBM traffic, which runs on its own clock and supply, so the step only gets longer and "
      "the cap soon goes out of reach (HBM and static power alone exceed it). A chip whose arch "
      "file has no V-f curve (a uniform stretch: every op slowed alike at the same energy per "
      "action) only pays more static energy under a cap, so its J/token rises. Lines end at the "
      "lowest limit the model can meet. " +
          numbers);
  out += figure(power_cap_chart(curves, true),
                "How much longer each step runs under the limit (1 = the step at TDP): the cost "
                "in latency of the energy saved above. Decode keeps its time until the limit "
                "reaches its power; prefill stretches as soon as the limit is below its draw.");
  out += "<details><summary>Every limit of the study</summary>\n" +
         table(studies::power_cap_table(curves)) + "</details>\n";
  return out + "</section>\n";
}

// Graphviz drawings of every chip and of the per-op point's mapping, rendered in-process.
std::string diagrams_section(const studies::Comparison& c,
                             const std::vector<config::SystemSpec>& systems) {
  std::string out = "<section id=\"diagrams\">\n<h2>Chip structure and mapping</h2>\n";
  auto draw = [](const std::string& dot) {
    try {
      return render_svg(dot);
    } catch (const std::exception& e) {
      return "<p class=\"note\">n/a (" + escape(e.what()) + ")</p>";
    }
  };
  if (const Result* f = studies::focus_point(c)) {
    out += figure(draw(placement_dot(*f)),
                  "Where the per-op point's model sits: its pipeline stages in order, each with "
                  "the chips that hold it and its run of decoder layers (spread evenly), and the "
                  "activations passed from stage to stage.");
    out += "<details><summary>One decoder layer's ops in order</summary>\n" +
           figure(draw(mapping_dot(*f)),
                  "The compiled ops of one decoder layer in execution order (xN: occurrences "
                  "per step), collectives dashed.") +
           "</details>\n";
  }
  for (const auto& arch : c.archs) {
    out += "<details><summary>" + escape(arch.name) + ": structure and package</summary>\n" +
           draw(chip_dot(arch)) + (arch.package ? draw(package_dot(arch)) : "") + "</details>\n";
  }
  out +=
      "<h3>Systems</h3>\n<p class=\"note\">How chips are joined into a system: a GPU cluster "
      "file's scale-up switch domain and scale-out network; chips in fully connected groups "
      "(Groq) and wafers in a pipeline (Cerebras) as their arch files describe them, at the "
      "largest chip count one replica of this report uses.</p>\n";
  for (const auto& s : systems) {
    out += "<details><summary>" + escape(s.name) + ": system</summary>\n" + draw(system_dot(s)) +
           "</details>\n";
  }
  for (const auto& arch : c.archs) {
    int64_t chips = 1;
    for (const auto& r : c.results) chips = r.arch == arch.id ? std::max(chips, r.chips) : chips;
    const std::string dot = system_dot(arch, chips);
    if (dot.empty()) continue;
    out += "<details><summary>" + escape(arch.name) + fmt::format(": system of {} ", chips) +
           (arch.family == config::ChipFamily::kWaferScale ? "wafers" : "chips") + "</summary>\n" +
           draw(dot) + "</details>\n";
  }
  return out + "</section>\n";
}

}  // namespace

std::string to_html(const studies::Comparison& c, const std::string& generated_at,
                    const HtmlExtras& extras) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>xpusim comparison report</title>\n<style>\n";
  out += page_style();
  out += "</style>\n</head>\n<body>\n<h1>xpusim comparison report</h1>\n";
  if (!generated_at.empty()) {
    out += fmt::format("<p class=\"note\">Generated at {}.</p>\n", escape(generated_at));
  }
  for (const auto& note : studies::method_notes(c))
    out += "<p class=\"note\">" + escape(note) + "</p>\n";

  out += "<nav><ul>\n";
  for (const auto& w : c.workloads) {
    out += fmt::format("<li><a href=\"#w-{}\">{}</a></li>\n", anchor(w.id), escape(w.name));
  }
  out +=
      "<li><a href=\"#interactivity\">Interactivity</a></li>\n"
      "<li><a href=\"#tco\">Cost per token</a></li>\n"
      "<li><a href=\"#power\">Power</a></li>\n"
      "<li><a href=\"#validation\">Validation</a></li>\n"
      "<li><a href=\"#ops\">Per-op breakdown</a></li>\n"
      "<li><a href=\"#skipped\">Not evaluated</a></li>\n"
      "<li><a href=\"#about\">About these numbers</a></li>\n"
      "<li><a href=\"lessons.html\">Lessons (a separate page, for "
      "teaching)</a></li>\n</ul></nav>\n";

  for (const auto& w : c.workloads) {
    out += fmt::format("<section id=\"w-{}\">\n<h2>{} (<code>{}</code>)</h2>\n", anchor(w.id),
                       escape(w.name), escape(w.id));
    out += "<h3>Summary</h3>\n" + table(studies::summary_table(c, w));
    out += "<h3>HBM, packaging and supply, per 1 M tokens/s at the best batch</h3>\n" +
           table(studies::supply_table(c, w));
    out += throughput_chart(c, w);
    out += "<details><summary>Decode tokens/s per batch</summary>\n" +
           table(studies::sweep_table(c, w)) + "</details>\n";
    out += memory_chart(c, w);
    out += energy_chart(c, w);
    out += pareto_chart(c, w);
    out += "</section>\n";
  }

  out += interactivity_section(c);
  out += tco_section(c);
  out += power_section(c, extras);

  out +=
      "<section id=\"validation\">\n<h2>Validation: the model against published figures</h2>\n"
      "<p class=\"note\">Each row is a published figure the model predicts from the arch file "
      "alone, at the shape stated (validation/published_figures.toml; none of them sets a "
      "parameter). Green: within its tolerance; amber: outside, under twice the tolerance; red: "
      "further off. A figure the model misses keeps its tolerance and states why "
      "(docs/validation.md). The same rows are in validation.csv.</p>\n" +
      table(studies::validation_table(c));
  out +=
      "<h3>Calibration: what the fitted parameters reproduce</h3>\n"
      "<p class=\"note\">These measurements set parameters, so agreement here is a fit, not a "
      "prediction. Every GPU runs the H100 microbenchmark fit; a die with a measured "
      "max-achievable matmul rate (calibration/measurements/mamf.toml) has its GEMM tensor "
      "efficiencies scaled by the factors shown (docs/calibration.md).</p>\n" +
      table(studies::calibration_table(c)) + "</section>\n";

  out += "<section id=\"ops\">\n<h2>Per-op breakdown</h2>\n";
  if (const Result* f = studies::focus_point(c)) {
    out += fmt::format(
        "<p class=\"note\">{} on {}, {} batch {}, context {}: step latency {:.3f} ms, "
        "{:.1f} tokens/s.</p>\n",
        escape(f->workload), escape(f->arch), escape(name_of(f->phase)), f->batch, f->context,
        f->latency_s * 1e3, f->tokens_per_s);
    out +=
        figure(op_share_chart(*f),
               "Ops by time, all layers together (xN: the op runs N times per step), coloured by "
               "what bounds them; the note gives the op's arithmetic intensity.");
    const std::string roof = roofline_chart(c, *f);
    if (!roof.empty()) {
      out += figure(roof,
                    "Each op at its arithmetic intensity and achieved FLOP/s under the chip's "
                    "roofline (DRAM bandwidth slope, dense peak of the activation dtype). Ops far "
                    "below the roof lose time to launch overhead or tile quantisation.");
    }
    out += "<details><summary>Per-op table</summary>\n" + table(studies::op_table(*f)) +
           "</details>\n";
  } else {
    out += "<p class=\"note\">n/a (no decode point was evaluated)</p>\n";
  }
  out += "</section>\n";

  out += diagrams_section(c, extras.systems);

  out += "<section id=\"skipped\">\n<h2>Not evaluated</h2>\n" + table(studies::skipped_table(c)) +
         "</section>\n";

  out += "<section id=\"about\">\n<h2>About these numbers</h2>\n";
  out += "<h3>Result warnings</h3>\n" + table(studies::warnings_table(c));
  out += "<h3>Arch numbers and their provenance</h3>\n" + table(studies::provenance_table(c));
  out += "<ul>\n";
  for (const auto& [tag, meaning] : studies::provenance_legend()) {
    out += fmt::format("<li><code>{}</code> {}</li>\n", tag, escape(meaning));
  }
  out += "</ul>\n</section>\n</body>\n</html>\n";
  return out;
}

}  // namespace xpu::report
