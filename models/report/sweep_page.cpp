// SPDX-License-Identifier: MIT
#include "report/sweep_page.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "report/html_page.h"
#include "report/svg_chart.h"
#include "studies/comparison_tables.h"

namespace xpu::report {

namespace {

using studies::four_digits;
using svg::escape;
using sweep::Axis;
using sweep::Record;
using sweep::Value;

// A sampled axis (random, lhs) takes a value per point; its chart shows the best point in each
// of this many bins of equal width (in log2 where the axis spans a factor of 8 or more).
constexpr size_t kBins = 32;
// The scatter draws every point up to this many, then every k-th (the front always), so that
// a million-point sweep still writes a page a browser opens.
constexpr size_t kMaxScatterPoints = 5000;

// A series or group of points may hold at most this many levels before a chart stops telling
// them apart (eight colours times seven marker shapes would allow more, but not legibly).
constexpr size_t kMaxGroups = 16;

std::optional<double> number_of(const Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  return std::nullopt;
}

// How a level reads on a chart: an arch file by its name without folder and suffix.
std::string label_of(const Axis& a, const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) {
    return a.target == sweep::Target::kArchFile ? std::filesystem::path(*s).stem().string() : *s;
  }
  return sweep::to_text(v);
}

// The distinct values axis `i` takes over the points, numbers ascending, others as first seen.
std::vector<Value> levels_of(const std::vector<sweep::Point>& points, size_t i) {
  std::vector<Value> out;
  std::set<std::string> seen;
  for (const auto& p : points) {
    if (seen.insert(sweep::to_text(p.values[i])).second) out.push_back(p.values[i]);
  }
  if (std::all_of(out.begin(), out.end(), [](const Value& v) { return number_of(v).has_value(); }))
    std::sort(out.begin(), out.end(),
              [](const Value& a, const Value& b) { return *number_of(a) < *number_of(b); });
  return out;
}

bool numeric(const std::vector<Value>& levels) {
  return std::all_of(levels.begin(), levels.end(),
                     [](const Value& v) { return number_of(v).has_value(); });
}

svg::Series series_named(std::string label) {
  svg::Series s;
  s.label = std::move(label);
  return s;
}

struct Page {
  const sweep::SweepSpec& spec;
  const std::vector<sweep::Point>& points;
  const std::vector<Record>& records;
  std::vector<std::vector<Value>> levels;  // per axis, levels_of(): found once, read by each chart
};

// The axis whose levels become the series of axis `i`'s chart: the first other axis with 2 to
// kMaxGroups levels, or none (one series).
std::optional<size_t> group_axis(const Page& p, size_t i) {
  for (size_t g = 0; g < p.spec.axes.size(); ++g) {
    if (g == i) continue;
    const size_t n = p.levels[g].size();
    if (n >= 2 && n <= kMaxGroups) return g;
  }
  return std::nullopt;
}

// Tokens/s against a numeric axis: per series, the best point at each level over the axes not
// shown (the envelope a designer would pick from).
std::string numeric_axis_chart(const Page& p, size_t i) {
  const Axis& a = p.spec.axes[i];
  const auto g = group_axis(p, i);
  svg::LineChart chart;
  chart.title = fmt::format("tokens/s against {}", a.column);
  chart.x_label = a.column;
  chart.y_label = "tokens/s, one replica";
  chart.y_unit = "tokens/s";
  const auto& xs = p.levels[i];
  const double lo = *number_of(xs.front()), hi = *number_of(xs.back());
  const bool log_x = lo > 0.0 && hi / lo >= 8.0;
  chart.x_scale = log_x ? svg::Scale::kLog2 : svg::Scale::kLinear;
  // Levels as they are, or the centre of their bin when there are too many to draw.
  auto x_of = [&, binned = xs.size() > 2 * kBins](double x) {
    if (!binned || hi <= lo) return x;
    const double t = log_x ? std::log2(x / lo) / std::log2(hi / lo) : (x - lo) / (hi - lo);
    const double bin = std::min(std::floor(t * kBins), double{kBins - 1}) + 0.5;
    return log_x ? lo * std::exp2(bin / kBins * std::log2(hi / lo)) : lo + bin / kBins * (hi - lo);
  };
  std::map<std::string, size_t> series_of;  // group label -> index in chart.series
  std::vector<std::map<double, const Record*>> best;
  if (g) {
    for (const auto& v : p.levels[*g]) {
      series_of[label_of(p.spec.axes[*g], v)] = chart.series.size();
      chart.series.push_back(
          series_named(fmt::format("{} {}", p.spec.axes[*g].column, label_of(p.spec.axes[*g], v))));
    }
  } else {
    chart.series.push_back(series_named("best over the other axes"));
  }
  best.resize(chart.series.size());
  for (size_t k = 0; k < p.records.size(); ++k) {
    const Record& r = p.records[k];
    if (!r.metrics) continue;
    const size_t s = g ? series_of.at(label_of(p.spec.axes[*g], p.points[k].values[*g])) : 0;
    const double x = x_of(*number_of(p.points[k].values[i]));
    auto& slot = best[s][x];
    if (!slot || r.metrics->tokens_per_s > slot->metrics->tokens_per_s) slot = &r;
  }
  for (size_t s = 0; s < chart.series.size(); ++s) {
    for (const auto& [x, r] : best[s]) {
      const auto& m = *r->metrics;
      chart.series[s].points.emplace_back(x, m.tokens_per_s);
      chart.series[s].tooltips.push_back(
          fmt::format("{} = {}: {} tokens/s, {} J/token, {} chips, {} (point {})", a.column,
                      four_digits(x), four_digits(m.tokens_per_s),
                      four_digits(m.energy_j_per_token), m.chips, m.bound, r->index));
    }
  }
  std::erase_if(chart.series, [](const svg::Series& s) { return s.points.empty(); });
  if (chart.series.empty()) return "<p>n/a: no point of this axis ran.</p>\n";
  return figure(
      svg::render(chart),
      fmt::format("Tokens/s of one replica as {} varies{}; each marker is the fastest "
                  "point at that value over the axes not shown, its tooltip names it. "
                  "A line stops where no point ran (does not fit, or refused).",
                  a.column,
                  g ? fmt::format(", one line per value of {}", p.spec.axes[*g].column) : ""));
}

// Tokens/s per level of a categorical axis (arch files, dtypes): the fastest point at each.
std::string categorical_axis_chart(const Page& p, size_t i) {
  const Axis& a = p.spec.axes[i];
  svg::BarChart chart;
  chart.title = fmt::format("best tokens/s per {}", a.column);
  chart.x_label = "tokens/s, one replica";
  chart.keys = {"tokens/s"};
  for (const auto& v : p.levels[i]) {
    const Record* best = nullptr;
    for (size_t k = 0; k < p.records.size(); ++k) {
      const Record& r = p.records[k];
      if (!r.metrics || p.points[k].values[i] != v) continue;
      if (!best || r.metrics->tokens_per_s > best->metrics->tokens_per_s) best = &r;
    }
    svg::Bar bar;
    bar.label = label_of(a, v);
    if (best) {
      const auto& m = *best->metrics;
      bar.segments.push_back(
          {m.tokens_per_s, 0, fmt::format("{} tokens/s", four_digits(m.tokens_per_s))});
      bar.note = fmt::format("{} J/token, {} chips (point {})", four_digits(m.energy_j_per_token),
                             m.chips, best->index);
    } else {
      bar.note = "no point ran";
    }
    chart.bars.push_back(std::move(bar));
  }
  return figure(svg::render(chart),
                fmt::format("The fastest point for each value of {} over every other axis, with "
                            "its energy per token and chip count.",
                            a.column));
}

// Every ok point: tokens/s per chip against J/token, one series per arch file when they vary.
std::string pareto_chart(const Page& p, const std::vector<size_t>& front) {
  svg::LineChart chart;
  chart.title = "throughput per chip vs energy per token, every point";
  chart.x_label = "tokens/s per chip";
  chart.y_label = "J per token";
  chart.y_unit = "J/token";
  chart.x_scale = svg::Scale::kLog10;
  std::optional<size_t> by;
  for (size_t i = 0; i < p.spec.axes.size(); ++i)
    if (p.spec.axes[i].target == sweep::Target::kArchFile) by = i;
  std::map<std::string, size_t> series_of;
  auto series_for = [&](size_t k) -> svg::Series& {
    const std::string label =
        by ? label_of(p.spec.axes[*by], p.points[k].values[*by]) : std::string("all points");
    auto [it, added] = series_of.emplace(label, chart.series.size());
    if (added) {
      chart.series.push_back(series_named(label));
      chart.series.back().lines = false;
    }
    return chart.series[it->second];
  };
  const size_t ran = static_cast<size_t>(std::count_if(
      p.records.begin(), p.records.end(), [](const Record& r) { return r.metrics.has_value(); }));
  const size_t every = (ran + kMaxScatterPoints - 1) / kMaxScatterPoints;
  size_t seen = 0;
  for (size_t k = 0; k < p.records.size(); ++k) {
    if (!p.records[k].metrics || seen++ % every != 0) continue;
    const auto& m = *p.records[k].metrics;
    auto& s = series_for(k);
    s.points.emplace_back(m.tokens_per_s / static_cast<double>(m.chips), m.energy_j_per_token);
    s.tooltips.push_back(fmt::format("point {}: {} tokens/s per chip, {} J/token, {} chips", k,
                                     four_digits(m.tokens_per_s / static_cast<double>(m.chips)),
                                     four_digits(m.energy_j_per_token), m.chips));
  }
  svg::Series on_front = series_named("on the Pareto front");
  on_front.lines = false;
  on_front.colour = "#000000";
  for (size_t k : front) {
    const auto& m = *p.records[k].metrics;
    on_front.points.emplace_back(m.tokens_per_s / static_cast<double>(m.chips),
                                 m.energy_j_per_token);
    on_front.tooltips.push_back(fmt::format("point {} (Pareto)", k));
  }
  if (chart.series.empty()) return "<p>n/a: no point ran.</p>\n";
  if (!on_front.points.empty()) chart.series.push_back(std::move(on_front));
  return figure(svg::render(chart),
                "Each marker is one design point that ran; black markers are on the Pareto front "
                "(no other point has more tokens/s, less J/token, fewer HBM stacks and, where "
                "every point has one, a lower chip cost), so some lie off this chart's 2-D "
                "front. Tooltips give the point's index in results.csv." +
                    (every > 1 ? fmt::format(" {} points ran: every {}th is drawn, and the whole "
                                             "front.",
                                             ran, every)
                               : std::string()));
}

std::string front_table(const Page& p, const std::vector<size_t>& front) {
  std::string out = "<div class=\"scroll\"><table>\n<thead><tr><th>point</th>";
  for (const auto& a : p.spec.axes) out += "<th>" + escape(a.column) + "</th>";
  out +=
      "<th>tokens/s</th><th>J/token</th><th>latency (ms)</th><th>power (W)</th><th>chips</th>"
      "<th>HBM stacks</th><th>cost (USD)</th><th>bound</th></tr></thead>\n<tbody>\n";
  for (size_t k : front) {
    const auto& m = *p.records[k].metrics;
    out += fmt::format("<tr><td class=\"num\">{}</td>", k);
    for (size_t i = 0; i < p.spec.axes.size(); ++i)
      out += "<td>" + escape(label_of(p.spec.axes[i], p.points[k].values[i])) + "</td>";
    out += fmt::format(
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td>{}</td></tr>\n",
        four_digits(m.tokens_per_s), four_digits(m.energy_j_per_token),
        four_digits(m.latency_s * 1e3), four_digits(m.avg_power_w), m.chips, m.hbm_stacks,
        m.cost_usd ? four_digits(*m.cost_usd) : "n/a", escape(m.bound));
  }
  return out + "</tbody></table></div>\n";
}

// Why points did not run, each distinct reason once with its count.
std::string refusals(const Page& p) {
  std::map<std::string, size_t> reasons;
  for (const auto& r : p.records)
    if (!r.metrics) ++reasons[r.status + ": " + r.reason];
  if (reasons.empty()) return "";
  std::string out = fmt::format(
      "<details><summary>{} kinds of points that did not run</summary>"
      "<ul>\n",
      reasons.size());
  for (const auto& [why, n] : reasons) out += fmt::format("<li>{} x {}</li>\n", n, escape(why));
  return out + "</ul></details>\n";
}

}  // namespace

std::string to_sweep_html(const sweep::SweepSpec& spec, const std::vector<sweep::Point>& points,
                          const std::vector<Record>& records, const std::vector<size_t>& front) {
  Page p{spec, points, records, {}};
  for (size_t i = 0; i < spec.axes.size(); ++i) p.levels.push_back(levels_of(points, i));
  const size_t ok = static_cast<size_t>(
      std::count_if(records.begin(), records.end(), [](const Record& r) { return r.metrics; }));
  const std::string name = std::filesystem::path(spec.file).filename().string();
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<title>xpusim sweep: " + escape(name) + "</title>\n<style>\n" +
         std::string(page_style()) + "</style>\n</head>\n<body>\n";
  out += "<h1>Sweep " + escape(name) + "</h1>\n";
  out += fmt::format(
      "<p>{} points over {} axes ({} engine): {} ran, {} did not; {} on the Pareto front. The "
      "rows are in results.csv, the front in pareto.csv, the spec in sweep.toml.</p>\n",
      points.size(), spec.axes.size(), escape(spec.engine), ok, records.size() - ok, front.size());
  out += refusals(p);
  out += "<h2 id=\"pareto\">Pareto front</h2>\n" + pareto_chart(p, front) + front_table(p, front);
  out += "<h2 id=\"axes\">One chart per axis</h2>\n";
  for (size_t i = 0; i < spec.axes.size(); ++i) {
    out += "<h3>" + escape(spec.axes[i].column) + "</h3>\n";
    out += numeric(p.levels[i]) ? numeric_axis_chart(p, i) : categorical_axis_chart(p, i);
  }
  return out + "</body>\n</html>\n";
}

}  // namespace xpu::report
