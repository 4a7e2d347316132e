// SPDX-License-Identifier: MIT
#pragma once
// Inline SVG charts for the HTML report, written as text so that the report needs no script,
// no stylesheet and no network. Coordinates are printed with fixed precision and series keep
// the order they are given in, so the same data gives the same bytes.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xpu::report::svg {

// Escapes &, <, >, " and ' for SVG/HTML text and attribute values.
std::string escape(std::string_view text);

// The fixed colour of the i-th series or legend key; eight, then they repeat.
std::string colour(size_t i);
// The stroke-dasharray of the i-th line series: solid for the first eight, then dashed, dotted,
// so that series beyond the palette stay distinguishable.
std::string dash(size_t i);

// The marker shape of the i-th series: seven shapes, so that with the eight colours 56 series
// differ in colour or shape (and those with the same colour differ in shape).
size_t shape(size_t i);

struct Series {
  std::string label;
  std::vector<std::pair<double, double>> points;  // (x, y), x increasing when joined
  bool lines = true;                              // join the points
  bool markers = true;                            // draw each point, with its value as a tooltip
  std::vector<std::string> tooltips;              // per point; empty: "label: x -> y unit"
  std::string colour;                             // empty: by position (svg::colour)
  std::string dash;                               // empty: by position (svg::dash)
};

// Line charts carry no legend box: each series is labelled directly, right of the plot, level
// with its last point (joined series) or its rightmost point (markers only), labels pushed
// apart so that none overlap, each with its marker and a leader line to the point it names.

enum class Scale { kLinear, kLog2, kLog10 };

// Lines and/or markers. Log axes need positive values; points that are not are dropped.
struct LineChart {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::string y_unit;  // in tooltips: "tokens/s"
  Scale x_scale = Scale::kLog2;
  bool log10_y = true;
  std::vector<Series> series;
  int width = 960;
  int height = 420;  // grown when the direct labels need more room
};

std::string render(const LineChart& chart);

struct Segment {
  double value = 0.0;
  size_t key = 0;  // index into BarChart::keys: colour and legend entry
  std::string tooltip;
};

struct Bar {
  std::string label;
  std::vector<Segment> segments;  // stacked left to right
  std::optional<double> marker;   // a limit drawn across the bar (memory capacity)
  std::string note;               // written after the bar
};

// Horizontal stacked bars on a linear axis from zero.
struct BarChart {
  std::string title;
  std::string x_label;
  std::vector<std::string> keys;  // legend, in colour order
  std::string marker_label;       // legend entry of the marker line, when bars have one
  std::vector<Bar> bars;
  int width = 760;
  int label_width = 220;
};

std::string render(const BarChart& chart);

}  // namespace xpu::report::svg
