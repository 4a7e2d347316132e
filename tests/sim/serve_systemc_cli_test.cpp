// SPDX-License-Identifier: MIT
// `xpusim serve --engine systemc`: the serving layer on the SystemC engine, offline and
// simulated, against the analytic engine on the same scenario. The expectation is issue 17's
// engine agreement (within 10% on every step): a serving figure is a sum of steps, so the two
// engines' figures must agree as closely as their steps do.
#include <doctest/doctest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "run_xpusim.h"

namespace {

using xpu::test::xpusim;

nlohmann::json served(const std::string& args, const std::string& engine) {
  const auto o =
      xpusim("serve --arch archs/h100_sxm.toml --chips 1 --json --engine " + engine + " " + args);
  REQUIRE_MESSAGE(o.exit_code == 0, o.out);
  return nlohmann::json::parse(o.out);
}

double relative(double systemc, double analytic) { return std::abs(systemc / analytic - 1.0); }

}  // namespace

TEST_CASE("cli: serve --engine systemc times the offline steps by simulation, within 10%") {
  const std::string scenario = "--scenario workloads/scenarios/mlperf_llama31_8b_offline.toml";
  const auto a = served(scenario, "analytic");
  const auto s = served(scenario, "systemc");
  CHECK(a["decode_step"]["engine"] == "analytic");
  CHECK(s["decode_step"]["engine"] == "systemc");
  // The layout and batch come from the memory fit, which no engine changes.
  CHECK(s["batch_per_replica"] == a["batch_per_replica"]);
  CHECK(relative(s["output_tokens_per_s"], a["output_tokens_per_s"]) < 0.10);
  CHECK(relative(s["tpot_s"], a["tpot_s"]) < 0.10);
  CHECK(relative(s["prefill_s_per_request"], a["prefill_s_per_request"]) < 0.10);
}

TEST_CASE("cli: serve --engine systemc simulates a request stream whose percentiles agree") {
  // Ten requests at 5 per second: a few dozen shapes, each simulated once.
  const std::string scenario =
      "--scenario workloads/scenarios/mlperf_llama31_8b_server.toml --rate 5 --duration 2";
  const auto a = served(scenario, "analytic");
  const auto s = served(scenario, "systemc");
  CHECK(a["engine"] == "analytic");
  CHECK(s["engine"] == "systemc");
  // The same arrivals (the seed's); the engines change only how long each iteration takes.
  CHECK(s["requests"] == a["requests"]);
  CHECK(s["shapes_evaluated"].get<int64_t>() > 10);
  for (const char* key : {"ttft_p50_s", "tpot_p50_s", "e2e_p50_s", "output_tokens_per_s"}) {
    CAPTURE(key);
    CHECK(relative(s[key], a[key]) < 0.10);
  }
  CHECK(s["meets_slo"] == true);
}
