// SPDX-License-Identifier: MIT
// --power-cap-w on `run`, `serve` and `sweep` (apps/cli/power_cap.h): the limit in place of the
// arch file's tdp_w, with the per-chip power and the clock it set in the JSON.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "run_xpusim.h"

namespace {

using xpu::test::xpusim;
namespace fs = std::filesystem;

const char* kPrefill =
    "run --json --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --phase prefill "
    "--prompt 2048";

nlohmann::json run_json(const std::string& args) {
  const auto o = xpusim(args, "2>/dev/null");
  REQUIRE_MESSAGE(o.exit_code == 0, o.out);
  return nlohmann::json::parse(o.out);
}

}  // namespace

TEST_CASE(
    "cli: run --power-cap-w 400 caps an H100 prefill at 405.4 W per chip and names the clock") {
  const auto rated = run_json(kPrefill);
  const auto capped = run_json(std::string(kPrefill) + " --power-cap-w 400");
  // At the rated 700 W the prefill sits at the calibration's 709.5 W, clocked between the
  // calibration GEMM's sustained 1,838 MHz and the timed 1,980 (docs/energy.md).
  REQUIRE(rated.contains("capped_clock_mhz"));
  CHECK(rated["capped_clock_mhz"].get<double>() > 1838.0);
  CHECK(rated["capped_clock_mhz"].get<double>() < 1980.0);
  REQUIRE(capped.contains("capped_clock_mhz"));
  CHECK(capped["capped_clock_mhz"].get<double>() < 1830.0);
  // 400 W x 709.5 / 700: the calibration's measured overshoot of its own limit (docs/energy.md).
  CHECK(capped["power_per_chip_w"].get<double>() <= 400.0 * 709.5 / 700.0 * (1 + 1e-9));
  CHECK(capped["power_per_chip_w"].get<double>() == capped["avg_power_w"].get<double>());
  CHECK(capped["latency_s"].get<double>() > rated["latency_s"].get<double>());
  CHECK(capped["energy_j_per_token"].get<double>() < rated["energy_j_per_token"].get<double>());
  // tp=2: per chip is half the total.
  const auto tp2 = run_json(std::string(kPrefill) + " --parallel tp=2 --power-cap-w 400");
  CHECK(tp2["power_per_chip_w"].get<double>() ==
        doctest::Approx(tp2["avg_power_w"].get<double>() / 2));
}

TEST_CASE("cli: --power-cap-w outside 1 W to 1 MW, or not a number, exits 2 naming the flag") {
  for (const char* bad : {"0", "-5", "nan", "2e6", "four"}) {
    CAPTURE(bad);
    const auto o = xpusim(fmt::format("{} --power-cap-w {}", kPrefill, bad));
    CHECK(o.exit_code == 2);
    CHECK(o.out.find("--power-cap-w") != std::string::npos);
  }
}

TEST_CASE("cli: serve and sweep take --power-cap-w") {
  const char* serve =
      "serve --json --arch archs/h100_sxm.toml --scenario "
      "workloads/scenarios/mlperf_llama2_70b_offline.toml --chips 8";
  const auto rated = run_json(serve);
  const auto capped = run_json(std::string(serve) + " --power-cap-w 300");
  CHECK(capped.dump() != rated.dump());

  // The same sweep with and without the cap: other point ids (the cap is part of them, so one
  // never resumes the other), and no point drawing more power capped.
  const fs::path dir = fs::temp_directory_path() / fmt::format("xpusim_power_cap_{}", getpid());
  fs::remove_all(dir);
  std::map<int, std::pair<std::string, double>> by_index[2];
  for (int capped_run = 0; capped_run < 2; ++capped_run) {
    const fs::path out = dir / std::to_string(capped_run);
    const auto o = xpusim(fmt::format("sweep tests/data/sweep_small.toml --out {} --jobs 1{}",
                                      out.string(), capped_run ? " --power-cap-w 200" : ""));
    REQUIRE_MESSAGE(o.exit_code == 0, o.out);
    std::ifstream in(out / "results.jsonl");
    std::string line;
    while (std::getline(in, line)) {
      const auto j = nlohmann::json::parse(line);
      if (j["status"] != "ok") continue;
      by_index[capped_run][j["index"].get<int>()] = {j["id"].get<std::string>(),
                                                     j["avg_power_w"].get<double>()};
    }
  }
  REQUIRE(by_index[0].size() == by_index[1].size());
  REQUIRE_FALSE(by_index[0].empty());
  bool lowered = false;
  for (const auto& [index, rated] : by_index[0]) {
    const auto& capped = by_index[1].at(index);
    CHECK(capped.first != rated.first);
    CHECK(capped.second <= rated.second * (1 + 1e-9));
    lowered |= capped.second < rated.second;
  }
  CHECK(lowered);
  fs::remove_all(dir);
}

TEST_CASE(
    "cli: a limit below the static power of a chip without a V-f curve is named, not ignored") {
  // Etched Sohu has no [power.dvfs]; its static power (idle + clock, docs/energy.md) is above
  // 100 W x its reference overshoot, so no uniform stretch can bring the step under the limit.
  const auto o = xpusim(
      "run --json --arch archs/etched_sohu.toml --workload workloads/llama3_70b.toml --phase "
      "decode --context 1024 --power-cap-w 100",
      "2>/dev/null");
  REQUIRE_MESSAGE(o.exit_code == 0, o.out);
  const auto j = nlohmann::json::parse(o.out);
  bool named = false;
  for (const auto& w : j["warnings"])
    named |= w.get<std::string>().find("at or below the chip's static power") != std::string::npos;
  CHECK(named);
}
