// SPDX-License-Identifier: MIT
#include "report/interactivity.h"

#include <fmt/format.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "report/svg_chart.h"

namespace xpu::report {

std::string curve_json(const CurveSet& set) {
  nlohmann::ordered_json curves = nlohmann::ordered_json::array();
  for (const auto& c : set.curves) {
    nlohmann::ordered_json points = nlohmann::ordered_json::array();
    for (const auto& p : c.points) {
      points.push_back({{"tp", p.parallel.tp},
                        {"chips", p.chips},
                        {"batch_per_replica", p.batch_per_replica},
                        {"tokens_per_s_per_user", p.tokens_per_s_per_user},
                        {"output_tokens_per_s_per_chip", p.output_tokens_per_s_per_chip},
                        {"ttft_s", p.ttft_s},
                        {"energy_j_per_output_token", p.energy_j_per_output_token},
                        {"on_front", p.on_front}});
    }
    curves.push_back({{"arch", c.arch}, {"points", points}});
  }
  return nlohmann::ordered_json{{"scenario", set.scenario}, {"curves", curves}}.dump(2) + "\n";
}

std::string curve_csv(const CurveSet& set) {
  std::string out =
      "arch,tp,chips,batch_per_replica,tokens_per_s_per_user,output_tokens_per_s_per_chip,"
      "ttft_s,energy_j_per_output_token,on_front\n";
  for (const auto& c : set.curves) {
    for (const auto& p : c.points) {
      out += fmt::format("{},{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{}\n", c.arch, p.parallel.tp,
                         p.chips, p.batch_per_replica, p.tokens_per_s_per_user,
                         p.output_tokens_per_s_per_chip, p.ttft_s, p.energy_j_per_output_token,
                         p.on_front ? "true" : "false");
    }
  }
  return out;
}

std::string curve_svg(const CurveSet& set) {
  svg::LineChart chart;
  chart.title = set.title;
  chart.x_label = "tokens/s per user (1 / time per output token)";
  chart.y_label = "output tokens/s per chip";
  chart.y_unit = "tokens/s per chip";
  chart.x_scale = svg::Scale::kLog10;
  for (const auto& c : set.curves) {
    svg::Series s;
    s.label = c.arch;
    std::vector<const serving::CurvePoint*> front;
    for (const auto& p : c.points)
      if (p.on_front) front.push_back(&p);
    std::sort(front.begin(), front.end(), [](const auto* a, const auto* b) {
      return a->tokens_per_s_per_user < b->tokens_per_s_per_user;
    });
    for (const auto* p : front) {
      s.points.emplace_back(p->tokens_per_s_per_user, p->output_tokens_per_s_per_chip);
      s.tooltips.push_back(fmt::format(
          "{} tp={} batch {}: {:.1f} tokens/s per user, {:.1f} tokens/s per chip, TTFT {:.3f} s",
          c.arch, p->parallel.tp, p->batch_per_replica, p->tokens_per_s_per_user,
          p->output_tokens_per_s_per_chip, p->ttft_s));
    }
    if (!s.points.empty()) chart.series.push_back(std::move(s));
  }
  return svg::render(chart);
}

}  // namespace xpu::report
