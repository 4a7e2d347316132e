// SPDX-License-Identifier: MIT
#pragma once
// The requests `xpusim serve --scenario FILE --duration D` simulates, from the same library
// call, so a test can state what the simulator must account for (each prompt prefilled once,
// each KV cache moved once) whatever lengths the scenario draws.
#include <string>
#include <vector>

#include "serving/serving_spec.h"
#include "serving/traffic.h"
#include "test_paths.h"

namespace xpu::test {

inline std::vector<serving::Request> requests_of(const std::string& scenario_file,
                                                 double duration_s) {
  const auto scenario = serving::load_serving(repo(scenario_file));
  auto arrival = *scenario.arrival;
  arrival.duration_s = duration_s;
  return serving::traffic_of(scenario, arrival).requests;
}

}  // namespace xpu::test
