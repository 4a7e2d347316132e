// SPDX-License-Identifier: MIT
// `xpusim serve --curve`: the throughput-interactivity fronts as a user asks for them.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "run_xpusim.h"
#include "test_files.h"

namespace fs = std::filesystem;
using xpu::test::read_file;

TEST_CASE("cli: serve --curve writes each arch's front as JSON, CSV and SVG") {
  const fs::path dir = fs::temp_directory_path() / fmt::format("xpusim_curve_{}", getpid());
  fs::remove_all(dir);
  const auto o = xpu::test::xpusim(
      fmt::format("serve --curve --arch archs/h100_sxm.toml --arch archs/h200.toml --scenario "
                  "workloads/scenarios/mlperf_llama2_70b_offline.toml --chips 8 --out {}",
                  dir.string()));
  REQUIRE_MESSAGE(o.exit_code == 0, o.out);
  const auto j = nlohmann::json::parse(read_file(dir / "curve.json"));
  REQUIRE(j["curves"].size() == 2);
  // The fastest user on each chip is on the front: the most chips, batch 1. The H200 streams the
  // same weights from 4.8 TB/s of HBM against the H100's 3.35, so it serves that user faster.
  auto fastest = [](const nlohmann::json& curve) {
    double best = 0.0;
    for (const auto& p : curve["points"])
      best = std::max(best, p["tokens_per_s_per_user"].get<double>());
    return best;
  };
  CHECK(fastest(j["curves"][1]) > fastest(j["curves"][0]));
  const std::string csv = read_file(dir / "curve.csv");
  CHECK(csv.rfind("arch,tp,chips,batch_per_replica,tokens_per_s_per_user", 0) == 0);
  CHECK(read_file(dir / "curve.svg").rfind("<svg", 0) == 0);
  fs::remove_all(dir);
}

TEST_CASE("cli: serve --curve refuses a fixed layout, and serve without it takes one arch") {
  const auto fixed = xpu::test::xpusim(
      "serve --curve --arch archs/h100_sxm.toml --scenario "
      "workloads/scenarios/mlperf_llama2_70b_offline.toml --parallel tp=8");
  CHECK(fixed.exit_code == 1);  // a usage error (docs/cli.md)
  CHECK(fixed.out.find("--parallel") != std::string::npos);
  const auto two = xpu::test::xpusim(
      "serve --arch archs/h100_sxm.toml --arch archs/h200.toml --scenario "
      "workloads/scenarios/mlperf_llama2_70b_offline.toml");
  CHECK(two.exit_code == 1);
  CHECK(two.out.find("several with --curve") != std::string::npos);
}
