// SPDX-License-Identifier: MIT
#include "sim/modules/trace.h"

#include <nlohmann/json.hpp>

#include "common/atomic_file.h"

namespace xpu::sim {

void Trace::name_track(Group group, int64_t track, const std::string& name) {
  m_events.push_back({'M', group, track, name, "", 0.0, 0.0, 0.0});
}

void Trace::span(Group group, int64_t track, const std::string& name, double start_s, double end_s,
                 const std::string& detail) {
  m_events.push_back({'X', group, track, name, detail, start_s, end_s, 0.0});
}

void Trace::counter(Group group, const std::string& name, double at_s, double value) {
  m_events.push_back({'C', group, 0, name, "", at_s, at_s, value});
}

void Trace::write(const std::string& path) const {
  static constexpr const char* kGroupNames[] = {"", "ops", "compute units", "memory", "links"};
  nlohmann::json events = nlohmann::json::array();
  for (int g : {kOps, kUnits, kHbm, kLinks}) {
    events.push_back(
        {{"ph", "M"}, {"name", "process_name"}, {"pid", g}, {"args", {{"name", kGroupNames[g]}}}});
  }
  for (const auto& e : m_events) {
    const double ts_us = e.start_s * 1e6;
    switch (e.phase) {
      case 'M':
        events.push_back({{"ph", "M"},
                          {"name", "thread_name"},
                          {"pid", e.group},
                          {"tid", e.track},
                          {"args", {{"name", e.name}}}});
        break;
      case 'X': {
        nlohmann::json ev = {{"ph", "X"},      {"name", e.name},
                             {"pid", e.group}, {"tid", e.track},
                             {"ts", ts_us},    {"dur", (e.end_s - e.start_s) * 1e6}};
        if (!e.detail.empty()) ev["args"] = {{"detail", e.detail}};
        events.push_back(std::move(ev));
        break;
      }
      case 'C':
        events.push_back({{"ph", "C"},
                          {"name", e.name},
                          {"pid", e.group},
                          {"ts", ts_us},
                          {"args", {{"value", e.value}}}});
        break;
    }
  }
  write_file_atomically(
      path, nlohmann::json{{"traceEvents", events}, {"displayTimeUnit", "ns"}}.dump() + "\n",
      "the --trace file");
}

}  // namespace xpu::sim
