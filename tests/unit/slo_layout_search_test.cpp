// SPDX-License-Identifier: MIT
// The SLO layout search (serving/max_rate.h, find_max_rate_layout) against each layout searched
// on its own: the layout it picks serves at least the rate of every other layout, its rate
// meets the SLO when simulated, and the answer is the same run to run.
#include <doctest/doctest.h>

#include "common/error.h"
#include "config/resolve.h"
#include "serving/max_rate.h"
#include "serving/traffic.h"
#include "test_paths.h"

using namespace xpu;

namespace {
struct Case {
  config::ArchSpec arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  serving::ServingSpec scenario =
      serving::load_serving(test::repo("workloads/scenarios/mlperf_llama31_8b_server.toml"));
  config::WorkloadSpec w = served();
  serving::ArrivalSpec arrival = short_arrival();
  serving::OfflineRequest req = request();
  serving::BatchingPolicy policy;

  config::WorkloadSpec served() const {
    auto spec = config::load_workload(scenario.workload_file);
    spec.dtypes = *scenario.dtypes;
    return config::resolve_workload(arch, std::move(spec));
  }
  serving::ArrivalSpec short_arrival() const {
    auto a = *scenario.arrival;
    a.duration_s = 20.0;  // a short stream keeps the test fast; the search is the same
    return a;
  }
  serving::OfflineRequest request() const {
    serving::OfflineRequest r;
    r.chips = 4;
    r.input_tokens = scenario.input_tokens;
    r.output_tokens = scenario.output_tokens;
    return r;
  }
};
}  // namespace

TEST_CASE("slo layout search: the chosen layout's rate >= each layout's own, and meets the SLO") {
  Case c;
  const auto found =
      serving::find_max_rate_layout(c.arch, c.w, c.scenario, c.arrival, c.req, c.policy);
  const auto layouts = serving::offline_layouts(c.arch, c.w, c.req);
  REQUIRE(layouts.size() == 3);  // tp 1, 2, 4 over 4 chips
  CHECK(found.layouts_tried.size() == layouts.size());
  bool chosen_is_one = false;
  for (const auto& p : layouts) {
    serving::OfflineRequest one = c.req;
    one.parallel = p;
    const auto offline = serving::offline_throughput(c.arch, c.w, one);
    serving::StepTimer timer(c.arch, c.w, p, p.tp * p.pp, c.policy.kv_block_tokens);
    const double rate = serving::find_max_rate(
        timer, c.scenario, c.arrival,
        serving::rate_search_on(offline, c.scenario.output_tokens, c.policy));
    MESSAGE("tp=" << p.tp << " dp=" << p.dp << ": " << rate << " requests/s");
    CHECK(found.max_rate_per_s >= rate);
    if (p.tp == found.offline.parallel.tp && p.dp == found.offline.parallel.dp) {
      chosen_is_one = true;
      CHECK(found.max_rate_per_s == rate);
    }
  }
  CHECK(chosen_is_one);
  REQUIRE(found.max_rate_per_s > 0.0);

  // At the rate found, the chosen layout's simulation meets both targets at p99.
  const auto& p = found.offline.parallel;
  serving::StepTimer timer(c.arch, c.w, p, p.tp * p.pp, c.policy.kv_block_tokens);
  auto arrival = c.arrival;
  arrival.rate_per_s = found.max_rate_per_s;
  const auto r = serving::simulate(timer, p.dp, serving::traffic_of(c.scenario, arrival), c.policy,
                                   c.scenario.slo);
  CHECK(*r.meets_slo);
  CHECK(r.ttft_at_slo_percentile_s <= c.scenario.slo->ttft_s);
  CHECK(r.tpot_at_slo_percentile_s <= c.scenario.slo->tpot_s);

  // Deterministic: the same search again gives the same layout, rate and listing.
  const auto again =
      serving::find_max_rate_layout(c.arch, c.w, c.scenario, c.arrival, c.req, c.policy);
  CHECK(again.max_rate_per_s == found.max_rate_per_s);
  CHECK(again.layouts_tried == found.layouts_tried);
}

TEST_CASE("slo layout search: a model that fits no layout is a located InfeasibleError") {
  Case c;
  c.w = config::resolve_workload(c.arch,
                                 config::load_workload(test::repo("workloads/llama31_405b.toml")));
  c.req.chips = 1;  // 405B in bf16 on one 80 GB H100
  CHECK_THROWS_AS(
      serving::find_max_rate_layout(c.arch, c.w, c.scenario, c.arrival, c.req, c.policy),
      InfeasibleError);
}
