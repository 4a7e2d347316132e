// SPDX-License-Identifier: MIT
#pragma once
// The requests `xpusim serve --scenario FILE --duration D` simulates, from the same library
// call, so a test can state what the simulator must account for (each prompt prefilled once,
// each KV cache moved once) whatever lengths the scenario draws; and the prompt work the
// simulator hands the step timer for one whole prompt.
#include <string>
#include <vector>

#include "serving/serving_spec.h"
#include "serving/step_time.h"
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

// One whole prompt of `tokens`, as the simulator hands it to the step timer.
inline serving::PromptWork whole_prompt(int64_t tokens) {
  serving::PromptWork w;
  w.add(tokens, 0);
  return w;
}

}  // namespace xpu::test
