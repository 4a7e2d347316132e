// SPDX-License-Identifier: MIT
#include "serving/traffic.h"

#include <algorithm>

#include "serving/request_stream.h"

namespace xpu::serving {

Traffic traffic_of(const ServingSpec& scenario, const ArrivalSpec& a) {
  using Process = ArrivalSpec::Process;
  Traffic t;
  const int64_t max_requests = a.requests.value_or(0);
  const double duration_s = a.duration_s.value_or(0.0);
  switch (a.process) {
    case Process::kPoisson:
      t.requests = poisson_requests(a.rate_per_s, duration_s, max_requests, a.seed,
                                    scenario.input_tokens, scenario.output_tokens);
      if (a.lengths) draw_lengths(t.requests, a.lengths->samples, a.lengths->draw_output, a.seed);
      break;
    case Process::kClosed:
      t.concurrency = a.concurrency;
      t.input_tokens = scenario.input_tokens;
      t.output_tokens = scenario.output_tokens;
      t.max_requests = max_requests;
      t.duration_s = duration_s;
      break;
    case Process::kTrace:
      t.requests = load_trace(a.trace_file);
      std::erase_if(t.requests, [&](const Request& r) {
        return duration_s > 0.0 && r.arrival_s >= duration_s;
      });
      if (max_requests > 0 && static_cast<int64_t>(t.requests.size()) > max_requests)
        t.requests.resize(max_requests);
      break;
  }
  return t;
}

}  // namespace xpu::serving
