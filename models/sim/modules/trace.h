// SPDX-License-Identifier: MIT
#pragma once
// Chrome trace-event recorder (chrome://tracing, ui.perfetto.dev): complete events on named
// tracks, written as one JSON file after the simulation.
#include <cstdint>
#include <string>
#include <vector>

namespace xpu::sim {

class Trace {
 public:
  // Tracks: ops per GPU stream or per pipeline stage; compute units; memory counters; links.
  enum Group : int { kOps = 1, kUnits = 2, kHbm = 3, kLinks = 4 };
  void name_track(Group group, int64_t track, const std::string& name);
  void span(Group group, int64_t track, const std::string& name, double start_s, double end_s,
            const std::string& detail = "");
  void counter(Group group, const std::string& name, double at_s, double value);
  void write(const std::string& path) const;

 private:
  struct Event {
    char phase;
    Group group;
    int64_t track;
    std::string name, detail;
    double start_s, end_s, value;
  };
  std::vector<Event> m_events;
};

}  // namespace xpu::sim
