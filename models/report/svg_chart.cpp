// SPDX-License-Identifier: MIT
#include "report/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace xpu::report::svg {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string colour(size_t i) {
  // Okabe-Ito, distinguishable with the common colour-vision deficiencies, then greys.
  // Okabe-Ito's yellow is left out: it cannot be read on white.
  static const char* palette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                  "#56B4E9", "#D55E00", "#000000", "#999999"};
  return palette[i % 8];
}

size_t shape(size_t i) { return i % 7; }

std::string dash(size_t i) {
  static const char* dashes[] = {"none", "7 4", "2 3"};
  return dashes[(i / 8) % 3];
}

namespace {

// 1, 10, 100, 1k, 10k, 1M: tick labels that stay short.
std::string short_number(double v) {
  const double a = std::abs(v);
  if (a >= 1e9) return fmt::format("{:g}G", v / 1e9);
  if (a >= 1e6) return fmt::format("{:g}M", v / 1e6);
  if (a >= 1e3) return fmt::format("{:g}k", v / 1e3);
  return fmt::format("{:g}", v);
}

// A step of 1, 2 or 5 times a power of ten giving about `target` intervals over [0, max].
double nice_step(double max, int target) {
  if (max <= 0) return 1.0;
  const double raw = max / target;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= raw) return m * p;
  }
  return 10.0 * p;
}

// Inline SVG in HTML needs no xmlns; leaving it out keeps every URL out of the report.
void header(std::string& out, int width, int height, const std::string& title) {
  out += fmt::format(
      "<svg width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\" aria-label=\"{2}\" font-family=\"sans-serif\" font-size=\"12\">\n",
      width, height, escape(title));
  out += fmt::format("<title>{}</title>\n", escape(title));
  out += fmt::format("<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n", width, height);
  out += fmt::format(
      "<text x=\"{:.1f}\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" "
      "font-weight=\"bold\">{}</text>\n",
      width / 2.0, escape(title));
}

// A swatch, or a line sample when `line_dash` is set ("none" for solid), then the label.
void legend_entry(std::string& out, double x, double y, const std::string& fill,
                  const std::string& label, const std::string& line_dash = "") {
  if (!line_dash.empty()) {
    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" "
        "stroke-width=\"2\" stroke-dasharray=\"{}\"/>\n",
        x - 2, y - 4, x + 14, y - 4, fill, line_dash);
  } else {
    out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"12\" fill=\"{}\"/>\n",
                       x, y - 10, fill);
  }
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", x + 18, y, escape(label));
}

// One marker of shape `k` centred on (x, y); `inner` goes inside the element (a <title>).
std::string marker(size_t k, double x, double y, const std::string& col, const std::string& inner) {
  const double r = 3.5;
  const std::string close = inner.empty() ? "/>\n" : ">" + inner;
  auto end = [&](const char* tag) {
    return inner.empty() ? std::string() : fmt::format("</{}>\n", tag);
  };
  auto polygon = [&](const std::vector<std::pair<double, double>>& at, const std::string& fill) {
    std::string pts;
    for (const auto& [dx, dy] : at)
      pts += fmt::format("{}{:.1f},{:.1f}", pts.empty() ? "" : " ", x + dx, y + dy);
    return fmt::format("<polygon points=\"{}\" fill=\"{}\" stroke=\"{}\"", pts, fill, col) + close +
           end("polygon");
  };
  switch (shape(k)) {
    case 1:
      return fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"6.4\" height=\"6.4\" fill=\"{}\"",
                         x - 3.2, y - 3.2, col) +
             close + end("rect");
    case 2: return polygon({{0, -r - 0.8}, {r + 0.6, r}, {-r - 0.6, r}}, col);
    case 3: return polygon({{0, -r - 0.8}, {r + 0.8, 0}, {0, r + 0.8}, {-r - 0.8, 0}}, col);
    case 4: return polygon({{0, r + 0.8}, {r + 0.6, -r}, {-r - 0.6, -r}}, col);
    case 5:
      return fmt::format(
                 "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" fill=\"#ffffff\" stroke=\"{}\" "
                 "stroke-width=\"2\"",
                 x, y, r, col) +
             close + end("circle");
    case 6: return polygon({{-r, -r}, {r, -r}, {r, r}, {-r, r}}, "#ffffff");
    default:
      return fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" fill=\"{}\"", x, y, r,
                         col) +
             close + end("circle");
  }
}

// Label heights pushed apart to at least `gap` between neighbours, kept inside [lo, hi]:
// top-down, then bottom-up when the last one ran past `hi`. `ys` is sorted.
void spread(std::vector<double>& ys, double gap, double lo, double hi) {
  for (size_t i = 0; i < ys.size(); ++i) ys[i] = std::max(ys[i], i ? ys[i - 1] + gap : lo);
  for (size_t i = ys.size(); i-- > 0;)
    ys[i] = std::min(ys[i], i + 1 < ys.size() ? ys[i + 1] - gap : hi);
}

}  // namespace

namespace {

// Tick values of one axis: every power of `base` between the exponents lo and hi on a log axis,
// else multiples of a round step from 0 to hi (about `count` of them).
std::vector<double> ticks(bool log, double base, double lo, double hi, int count) {
  std::vector<double> out;
  if (log) {
    for (double e = lo; e <= hi + 1e-9; e += 1) out.push_back(std::pow(base, e));
  } else {
    const double step = nice_step(hi, count);
    for (double v = 0; v <= hi + 1e-9; v += step) out.push_back(v);
  }
  return out;
}

}  // namespace

std::string render(const LineChart& c) {
  // The legend sits right of the plot, as wide as its longest label (about 7 px a character).
  size_t longest = 0;
  for (const auto& s : c.series) longest = std::max(longest, s.label.size());
  const double left = 70, top = 36, bottom = 50, label_gap = 13;
  const double right = std::clamp(60.0 + 6.5 * static_cast<double>(longest), 120.0, 340.0);
  const int height = std::max(
      c.height,
      static_cast<int>(top + bottom + label_gap * static_cast<double>(c.series.size()) + 10));
  const double pw = c.width - left - right, ph = height - top - bottom;
  const bool log_x = c.x_scale != Scale::kLinear;
  const double x_base = c.x_scale == Scale::kLog2 ? 2.0 : 10.0;
  auto fx = [&](double x) { return log_x ? std::log(x) / std::log(x_base) : x; };
  auto fy = [&](double y) { return c.log10_y ? std::log10(y) : y; };
  auto usable = [&](const std::pair<double, double>& p) {
    return (!log_x || p.first > 0) && (!c.log10_y || p.second > 0);
  };

  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  bool any = false;
  for (const auto& s : c.series) {
    for (const auto& p : s.points) {
      if (!usable(p)) continue;
      const double x = fx(p.first), y = fy(p.second);
      if (!any) {
        x0 = x1 = x;
        y0 = y1 = y;
        any = true;
      }
      x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
    }
  }
  // Whole powers on log axes, so every gridline is a labelled round number.
  if (log_x) {
    x0 = std::floor(x0 + 1e-9), x1 = std::ceil(x1 - 1e-9);
  } else {
    x0 = 0;
    x1 = x1 > 0 ? std::ceil(x1 / nice_step(x1, 6)) * nice_step(x1, 6) : 1;
  }
  if (x1 <= x0) x1 = x0 + 1;
  if (c.log10_y) {
    y0 = std::floor(y0 + 1e-9), y1 = std::ceil(y1 - 1e-9);
  } else {
    y0 = 0;
    y1 = y1 > 0 ? std::ceil(y1 / nice_step(y1, 5)) * nice_step(y1, 5) : 1;
  }
  if (y1 <= y0) y1 = y0 + 1;
  auto px = [&](double x) { return left + (fx(x) - x0) / (x1 - x0) * pw; };
  auto py = [&](double y) { return top + ph - (fy(y) - y0) / (y1 - y0) * ph; };

  std::string out;
  header(out, c.width, height, c.title);
  out += fmt::format(
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"none\" "
      "stroke=\"#444444\"/>\n",
      left, top, pw, ph);
  // X ticks.
  for (double v : ticks(log_x, x_base, x0, x1, 6)) {
    const double x = px(v);
    out += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
        "stroke=\"#dddddd\"/>\n",
        x, top, top + ph);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", x,
                       top + ph + 16, short_number(v));
  }
  // Y ticks.
  for (double v : ticks(c.log10_y, 10.0, y0, y1, 5)) {
    const double y = py(v);
    out += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" "
        "stroke=\"#dddddd\"/>\n",
        left, y, left + pw);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", left - 6,
                       y + 4, short_number(v));
  }
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                     left + pw / 2, height - 12.0, escape(c.x_label));
  out += fmt::format(
      "<text x=\"16\" y=\"{0:.1f}\" text-anchor=\"middle\" "
      "transform=\"rotate(-90 16 {0:.1f})\">{1}</text>\n",
      top + ph / 2, escape(c.y_label));

  struct Label {
    double y, anchor_x, anchor_y;
    size_t series;
  };
  std::vector<Label> labels;
  for (size_t i = 0; i < c.series.size(); ++i) {
    const auto& s = c.series[i];
    const std::string col = s.colour.empty() ? colour(i) : s.colour;
    const std::string line_dash = s.dash.empty() ? dash(i) : s.dash;
    std::string pts;
    for (const auto& p : s.points) {
      if (!usable(p)) continue;
      pts += fmt::format("{}{:.1f},{:.1f}", pts.empty() ? "" : " ", px(p.first), py(p.second));
    }
    out += fmt::format("<g class=\"series\" data-label=\"{}\">\n", escape(s.label));
    if (s.lines && !pts.empty()) {
      out += fmt::format(
          "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
          "stroke-dasharray=\"{}\"/>\n",
          pts, col, line_dash);
    }
    for (size_t k = 0; s.markers && k < s.points.size(); ++k) {
      const auto& p = s.points[k];
      if (!usable(p)) continue;
      const std::string tip = k < s.tooltips.size() ? s.tooltips[k]
                                                    : fmt::format("{}: {:g} -> {:.1f} {}", s.label,
                                                                  p.first, p.second, c.y_unit);
      out += marker(i, px(p.first), py(p.second), col, "<title>" + escape(tip) + "</title>");
    }
    out += "</g>\n";
    // The point the label names: the end of the line, or the rightmost marker.
    std::optional<std::pair<double, double>> at;
    for (const auto& p : s.points) {
      if (usable(p) && (!at || s.lines || p.first > at->first)) at = p;
    }
    if (at) labels.push_back({py(at->second), px(at->first), py(at->second), i});
  }
  std::stable_sort(labels.begin(), labels.end(),
                   [](const Label& a, const Label& b) { return a.y < b.y; });
  std::vector<double> ys;
  for (const auto& l : labels) ys.push_back(l.y);
  spread(ys, label_gap, top + 4, top + ph);
  const double label_x = left + pw + 22;
  for (size_t k = 0; k < labels.size(); ++k) {
    const auto& l = labels[k];
    const auto& s = c.series[l.series];
    const std::string col = s.colour.empty() ? colour(l.series) : s.colour;
    out += fmt::format(
        "<polyline points=\"{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}\" fill=\"none\" "
        "stroke=\"{}\" stroke-width=\"0.7\" stroke-opacity=\"0.6\" stroke-dasharray=\"2 2\"/>\n",
        l.anchor_x + 4, l.anchor_y, left + pw + 4, l.anchor_y, label_x - 8, ys[k], col);
    if (s.markers) out += marker(l.series, label_x, ys[k], col, "");
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\">{}</text>\n", label_x + 8,
                       ys[k] + 4, col == "#999999" ? "#666666" : col, escape(s.label));
  }
  out += "</svg>\n";
  return out;
}

std::string render(const BarChart& c) {
  const double left = c.label_width, right = 150, top = 40, row = 24, bar_h = 16;
  const double legend_h = 22;
  const double pw = c.width - left - right;
  const double ph = row * static_cast<double>(c.bars.size());
  const int height = static_cast<int>(top + ph + 40 + legend_h);

  double max = 0;
  for (const auto& b : c.bars) {
    double sum = 0;
    for (const auto& s : b.segments) sum += std::max(0.0, s.value);
    max = std::max({max, sum, b.marker.value_or(0.0)});
  }
  const double step = nice_step(max, 5);
  const double x1 = max > 0 ? std::ceil(max / step) * step : 1.0;
  auto px = [&](double v) { return left + v / x1 * pw; };

  std::string out;
  header(out, c.width, height, c.title);
  for (double v = 0; v <= x1 + 1e-9 * x1; v += step) {
    const double x = px(v);
    out += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
        "stroke=\"#dddddd\"/>\n",
        x, top, top + ph);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", x,
                       top + ph + 16, short_number(v));
  }
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                     left + pw / 2, top + ph + 34, escape(c.x_label));

  for (size_t i = 0; i < c.bars.size(); ++i) {
    const auto& b = c.bars[i];
    const double y = top + row * static_cast<double>(i) + (row - bar_h) / 2;
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", left - 6,
                       y + bar_h - 4, escape(b.label));
    double at = 0;
    for (const auto& s : b.segments) {
      const double v = std::max(0.0, s.value);
      out += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
          "fill=\"{}\"><title>{}</title></rect>\n",
          px(at), y, px(at + v) - px(at), bar_h, colour(s.key), escape(s.tooltip));
      at += v;
    }
    if (b.marker) {
      out += fmt::format(
          "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
          "stroke=\"#CC0000\" stroke-width=\"2\" stroke-dasharray=\"4 3\"><title>{3}: "
          "{4:g}</title></line>\n",
          px(*b.marker), y - 3, y + bar_h + 3, escape(c.marker_label), *b.marker);
    }
    if (!b.note.empty()) {
      out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#333333\">{}</text>\n",
                         std::max(px(at), b.marker ? px(*b.marker) : 0.0) + 6, y + bar_h - 4,
                         escape(b.note));
    }
  }
  double lx = left;
  const double ly = height - 10.0;
  for (size_t k = 0; k < c.keys.size(); ++k) {
    legend_entry(out, lx, ly, colour(k), c.keys[k]);
    lx += 30 + 7.0 * static_cast<double>(c.keys[k].size());
  }
  if (!c.marker_label.empty()) legend_entry(out, lx, ly, "#CC0000", c.marker_label, "4 3");
  out += "</svg>\n";
  return out;
}

}  // namespace xpu::report::svg
