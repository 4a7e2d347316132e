// SPDX-License-Identifier: MIT
// `xpusim serve` on a scenario with [arrival]: the simulator's output is byte-identical run to
// run, and --trace draws the schedule it ran.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "run_xpusim.h"
#include "scenario_requests.h"
#include "test_files.h"

namespace fs = std::filesystem;
using xpu::test::read_file;

namespace {
// A minute of MLPerf Server traffic (73 requests/s, prompts drawn from the dataset, 294 out) on
// 8 x H100: ~4,300 requests, enough for every replica to batch, preempt or not, and reach a
// steady state.
const std::string kServe =
    "serve --arch archs/h100_sxm.toml --chips 8 --scenario "
    "workloads/scenarios/mlperf_llama2_70b_server.toml --duration 60 --json";
}  // namespace

TEST_CASE("cli: serve simulates the same traffic to the same bytes, run after run") {
  const auto first = xpu::test::xpusim(kServe);
  const auto second = xpu::test::xpusim(kServe);
  REQUIRE_MESSAGE(first.exit_code == 0, first.out);
  CHECK(nlohmann::json::parse(first.out)["requests"].get<int64_t>() > 4000);
  CHECK(first.out == second.out);
}

TEST_CASE("cli: serve --trace draws every iteration, and its tokens add up to the requests'") {
  const fs::path trace = fs::temp_directory_path() / fmt::format("xpusim_serve_{}.json", getpid());
  const auto o = xpu::test::xpusim(fmt::format("{} --trace {}", kServe, trace.string()));
  REQUIRE_MESSAGE(o.exit_code == 0, o.out);
  const auto summary = nlohmann::json::parse(o.out);
  const auto events = nlohmann::json::parse(read_file(trace))["traceEvents"];
  fs::remove(trace);
  int64_t iterations = 0, counters = 0, prefill = 0, decode = 0;
  std::map<int64_t, double> busy_until;  // per replica track: iterations never overlap
  bool overlap = false;
  for (const auto& e : events) {
    const std::string ph = e["ph"];
    if (ph == "C") ++counters;
    if (ph != "X") continue;
    ++iterations;
    prefill += e["args"]["prefill_tokens"].get<int64_t>();
    decode += e["args"]["decode_sequences"].get<int64_t>();
    const int64_t tid = e["tid"];
    const double ts = e["ts"];
    // Printed to the nanosecond: allow that rounding.
    if (busy_until.count(tid) && ts < busy_until[tid] - 0.002) overlap = true;
    busy_until[tid] = ts + e["dur"].get<double>();
  }
  CHECK(iterations == summary["iterations"].get<int64_t>());
  CHECK(counters == iterations);  // one KV sample after each iteration
  CHECK(busy_until.size() == static_cast<size_t>(summary["parallel"]["dp"].get<int64_t>()));
  CHECK_FALSE(overlap);
  // Closed forms, without preemption: each request's prompt is prefilled once, and its tokens
  // after the first are generated one decode step each.
  REQUIRE(summary["preemptions"].get<int64_t>() == 0);
  const auto requests =
      xpu::test::requests_of("workloads/scenarios/mlperf_llama2_70b_server.toml", 60.0);
  REQUIRE(summary["requests"].get<int64_t>() == static_cast<int64_t>(requests.size()));
  int64_t prompts = 0, later_tokens = 0;
  for (const auto& r : requests) {
    prompts += r.input_tokens;
    later_tokens += r.output_tokens - 1;
  }
  CHECK(prefill == prompts);
  CHECK(decode == later_tokens);
}

TEST_CASE("cli: serve --trace draws a pipeline replica's micro-batches as engines of their own") {
  const fs::path trace =
      fs::temp_directory_path() / fmt::format("xpusim_serve_pp_{}.json", getpid());
  const auto o = xpu::test::xpusim(
      fmt::format("serve --arch archs/h100_sxm.toml --chips 8 --scenario "
                  "workloads/scenarios/mlperf_llama2_70b_server.toml --duration 10 --json "
                  "--parallel tp=2,pp=2,dp=2 --trace {}",
                  trace.string()));
  REQUIRE_MESSAGE(o.exit_code == 0, o.out);
  const auto summary = nlohmann::json::parse(o.out);
  const auto events = nlohmann::json::parse(read_file(trace))["traceEvents"];
  fs::remove(trace);
  std::map<int64_t, std::string> tracks;
  int64_t iterations = 0;
  for (const auto& e : events) {
    if (e["ph"] == "M") tracks[e["tid"].get<int64_t>()] = e["args"]["name"];
    if (e["ph"] == "X") ++iterations;
  }
  CHECK(iterations == summary["iterations"].get<int64_t>());
  // dp = 2 replicas of pp = 2 stages: four engines, replica r's micro-batch m on track 2r + m.
  REQUIRE(tracks.size() == 4);
  CHECK(tracks[0] == "replica 0 micro-batch 0");
  CHECK(tracks[3] == "replica 1 micro-batch 1");
}

TEST_CASE("cli: serve --trace refuses a bad path before simulating, and an offline scenario") {
  const auto folder = xpu::test::xpusim(kServe + " --trace workloads");
  CHECK(folder.exit_code == 2);  // a ConfigError naming the path (docs/cli.md)
  CHECK(folder.out.find("workloads") != std::string::npos);
  CHECK(folder.out.find("requests") == std::string::npos);  // nothing was simulated
  const auto offline = xpu::test::xpusim(
      "serve --arch archs/h100_sxm.toml --chips 8 --scenario "
      "workloads/scenarios/mlperf_llama2_70b_offline.toml --trace /tmp/never.json");
  CHECK(offline.exit_code == 1);
  CHECK(offline.out.find("[arrival]") != std::string::npos);
  CHECK_FALSE(fs::exists("/tmp/never.json"));
}

TEST_CASE("cli: serve --find-max-rate without --parallel lists every layout and runs the best") {
  // 4 x H100, Llama 3.1 8B Server (2 s / 100 ms at p99), 20 s of arrivals: three layouts.
  const auto o = xpu::test::xpusim(
      "serve --arch archs/h100_sxm.toml --chips 4 --scenario "
      "workloads/scenarios/mlperf_llama31_8b_server.toml --duration 20 --find-max-rate --json");
  REQUIRE_MESSAGE(o.exit_code == 0, o.out);
  const auto j = nlohmann::json::parse(o.out);
  const auto tried = j["layouts_tried"];
  REQUIRE(tried.size() == 3);  // tp 1, 2, 4
  // The chosen layout is listed with the rate found, and that rate is the highest listed.
  const std::string chosen =
      fmt::format("tp={} pp={} dp={}:", j["parallel"]["tp"].get<int>(),
                  j["parallel"]["pp"].get<int>(), j["parallel"]["dp"].get<int>());
  const double found = j["max_rate_per_s"];
  bool listed = false;
  for (const auto& t : tried) {
    const std::string line = t;
    const double rate = std::stod(line.substr(line.rfind(", ") + 2));
    CHECK(rate <= std::stod(fmt::format("{:.3f}", found)));
    if (line.rfind(chosen, 0) == 0) listed = true;
  }
  CHECK(listed);
  CHECK(j["meets_slo"].get<bool>());
}
