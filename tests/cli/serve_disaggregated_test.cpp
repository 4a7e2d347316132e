// SPDX-License-Identifier: MIT
// `xpusim serve` with prefill and decode pools (serving/disaggregated.h): the JSON names both
// pools and the KV transfers, is byte-identical run to run, the trace draws the pools and the
// transfers, and bad pool flags are usage errors (exit 1) or infeasible (exit 3).
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "run_xpusim.h"
#include "scenario_requests.h"
#include "serving/simulator.h"
#include "test_files.h"

namespace fs = std::filesystem;
using xpu::test::read_file;

namespace {
// Twenty seconds of MLPerf Server traffic (73 requests/s, prompts drawn from the dataset, 294
// out, fp8) on 2 prefill + 6 decode H100s: ~1,450 requests.
const std::string kServe =
    "serve --arch archs/h100_sxm.toml --scenario "
    "workloads/scenarios/mlperf_llama2_70b_server_disaggregated.toml --duration 20 --json";
// Llama 2 70B: 80 layers x 8 KV heads x 128 x (K, V) x 1 byte (fp8) per token.
constexpr double kKvBytesPerToken = 80 * 8 * 128 * 2 * 1.0;
}  // namespace

TEST_CASE("cli: serve with pools reports both pools and the transfers, byte-identical run to run") {
  const auto first = xpu::test::xpusim(kServe);
  const auto second = xpu::test::xpusim(kServe);
  REQUIRE_MESSAGE(first.exit_code == 0, first.out);
  CHECK(first.out == second.out);
  const auto j = nlohmann::json::parse(first.out);
  CHECK(j["chips"] == 8);
  CHECK(j["prefill_pool"]["chips"] == 2);
  CHECK(j["decode_pool"]["chips"] == 6);
  const int64_t requests = j["requests"];
  CHECK(requests > 1000);
  const auto& kv = j["kv_transfer"];
  CHECK(kv["transfers"] == requests);  // every request generates more than one token
  // Each transfer moves its prompt's KV cache once, over an idle link: the median transfer is
  // the median prompt's (nearest rank, as every percentile the simulator prints).
  const auto stream = xpu::test::requests_of(
      "workloads/scenarios/mlperf_llama2_70b_server_disaggregated.toml", 20.0);
  REQUIRE(static_cast<int64_t>(stream.size()) == requests);
  std::vector<double> prompts;
  for (const auto& r : stream) prompts.push_back(static_cast<double>(r.input_tokens));
  double prompt_tokens = 0.0;
  for (double p : prompts) prompt_tokens += p;
  CHECK(kv["bytes"].get<double>() ==
        doctest::Approx(prompt_tokens * kKvBytesPerToken).epsilon(1e-12));
  // NVLink: 450 GB/s per chip one way, two chips per replica pair (tp2 both sides).
  CHECK(kv["link_bandwidth_bytes_per_s"].get<double>() == doctest::Approx(900e9));
  CHECK(kv["time_p50_s"].get<double>() ==
        doctest::Approx(2.6e-6 + xpu::serving::percentile(prompts, 50.0) * kKvBytesPerToken / 900e9)
            .epsilon(1e-9));
  for (const char* pool : {"prefill_pool", "decode_pool"}) {
    INFO(pool);
    CHECK(j[pool]["utilisation"].get<double>() > 0.0);
    CHECK(j[pool]["utilisation"].get<double>() <= 1.0);
  }
  CHECK(j["iterations"].get<int64_t>() == j["prefill_pool"]["iterations"].get<int64_t>() +
                                              j["decode_pool"]["iterations"].get<int64_t>());
  // The same flags on the aggregated scenario give the same run.
  const auto flags = xpu::test::xpusim(
      "serve --arch archs/h100_sxm.toml --scenario "
      "workloads/scenarios/mlperf_llama2_70b_server.toml --duration 20 --json "
      "--prefill-chips 2 --decode-chips 6");
  REQUIRE_MESSAGE(flags.exit_code == 0, flags.out);
  auto a = nlohmann::json::parse(flags.out);
  a["scenario"] = j["scenario"];
  CHECK(a == j);
}

TEST_CASE("cli: serve --trace with pools draws each pool's iterations and every transfer") {
  const fs::path trace =
      fs::temp_directory_path() / fmt::format("xpusim_serve_pools_{}.json", getpid());
  const auto o = xpu::test::xpusim(fmt::format("{} --trace {}", kServe, trace.string()));
  REQUIRE_MESSAGE(o.exit_code == 0, o.out);
  const auto summary = nlohmann::json::parse(o.out);
  const auto events = nlohmann::json::parse(read_file(trace))["traceEvents"];
  fs::remove(trace);
  std::map<int64_t, std::string> tracks;
  std::map<int64_t, int64_t> spans;
  for (const auto& e : events) {
    if (e["ph"] == "M") tracks[e["tid"]] = e["args"]["name"];
    if (e["ph"] == "X") ++spans[e["tid"]];
  }
  // tp2 pools: 1 prefill replica, 3 decode replicas, 1 link out of the prefill replica.
  REQUIRE(tracks.size() == 5);
  CHECK(tracks[0] == "prefill replica 0");
  CHECK(tracks[1] == "decode replica 0");
  CHECK(tracks[4] == "KV link out of prefill replica 0");
  CHECK(spans[0] == summary["prefill_pool"]["iterations"].get<int64_t>());
  CHECK(spans[1] + spans[2] + spans[3] == summary["decode_pool"]["iterations"].get<int64_t>());
  CHECK(spans[4] == summary["kv_transfer"]["transfers"].get<int64_t>());
}

TEST_CASE("cli: serve refuses pools it cannot build") {
  const std::string serve = "serve --arch archs/h100_sxm.toml --scenario workloads/scenarios/";
  auto usage = [&](const std::string& args, const std::string& says) {
    const auto o = xpu::test::xpusim(serve + args);
    INFO(args << "\n" << o.out);
    CHECK(o.exit_code == 1);
    CHECK(o.out.find(says) != std::string::npos);
  };
  usage("mlperf_llama2_70b_server.toml --prefill-chips 2", "--decode-chips are both needed");
  usage("mlperf_llama2_70b_server_disaggregated.toml --chips 7", "the pools have 2 + 6");
  usage("mlperf_llama2_70b_server_disaggregated.toml --prefill-tp 4", "must divide");
  usage("mlperf_llama2_70b_server_disaggregated.toml --find-max-rate", "not for a disaggregated");
  usage("mlperf_llama2_70b_offline.toml --prefill-chips 2 --decode-chips 2", "[arrival]");
  // bf16 weights of a 70B model (140 GB) fit no single H100: the one-chip prefill pool is
  // infeasible.
  const auto o = xpu::test::xpusim(serve +
                                   "mlperf_llama2_70b_server_disaggregated.toml --prefill-chips 1 "
                                   "--weight-dtype bf16 --duration 5");
  CHECK(o.exit_code == 3);
  CHECK(o.out.find("the prefill pool") != std::string::npos);
}
