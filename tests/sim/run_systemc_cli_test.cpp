// SPDX-License-Identifier: MIT
// `xpusim run --engine systemc`: the flag reaches the engine, JSON gains `units`, --trace writes
// a trace and is refused without the systemc engine.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "run_xpusim.h"

namespace {

using xpu::test::xpusim;

const std::string kDecode =
    "run --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --phase decode --batch 8 --context 1024 "
    "--layers 1";

}  // namespace

TEST_CASE("cli: run --engine systemc --json reports the systemc engine with per-unit utilisation") {
  const std::string trace =
      fmt::format("{}/xpusim_cli_trace_test.json", std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
  const auto o = xpusim(kDecode + " --engine systemc --json --trace " + trace);
  REQUIRE(o.exit_code == 0);
  const auto j = nlohmann::json::parse(o.out);
  CHECK(j["engine"] == "systemc");
  REQUIRE(j.contains("units"));
  CHECK(j["units"].size() == 5);  // SMs, HBM, throttle, L2, crossbar
  CHECK(j["latency_s"].get<double>() > 0.0);
  std::ifstream in(trace);
  REQUIRE(in);
  CHECK(nlohmann::json::parse(in).at("traceEvents").size() > 10);
  std::remove(trace.c_str());
  // The analytic engine's JSON has no `units`.
  CHECK_FALSE(nlohmann::json::parse(xpusim(kDecode + " --json").out).contains("units"));
}

TEST_CASE("cli: run --trace without --engine systemc is refused") {
  const auto o = xpusim(kDecode + " --trace /dev/null");
  CHECK(o.exit_code != 0);
  CHECK(o.out.find("--engine systemc") != std::string::npos);
}
