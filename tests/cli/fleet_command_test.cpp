// SPDX-License-Identifier: MIT
// The `xpusim fleet` contract: JSON fields that add up, the binding resource, clear refusals.
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <fstream>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "run_xpusim.h"

namespace {

using xpu::test::xpusim;

}  // namespace

TEST_CASE(
    "cli: fleet --json sizes the fleet from the per-chip rate and names the binding resource") {
  auto o = xpusim(
      "fleet --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --tokens-per-s 1e6 "
      "--supply supply/2025.toml --json");
  REQUIRE(o.exit_code == 0);
  auto j = nlohmann::json::parse(o.out);
  const double per_chip = j["chip"]["tokens_per_s"].get<double>();
  const double chips = j["fleet"]["chips"].get<double>();
  CHECK(chips == std::ceil(1e6 / per_chip));
  CHECK(j["fleet"]["hbm_stacks"].get<double>() == chips * 5);
  CHECK(j["fleet"]["capex_usd"].get<double>() ==
        doctest::Approx(chips * j["chip"]["cost_usd"].get<double>()));
  CHECK(j["supply"]["binding"] == "hbm");
  CHECK(j["supply"]["tokens_per_s"].get<double>() ==
        doctest::Approx(j["supply"]["chips_per_year"].get<double>() * per_chip));
}

TEST_CASE("cli: fleet says so when the model does not fit on one chip") {
  auto o = xpusim(
      "fleet --arch archs/h100_sxm.toml --workload workloads/llama3_70b.toml --tokens-per-s 1e6");
  CHECK(o.exit_code == 3);
  CHECK(o.out.find("does not fit") != std::string::npos);
  CHECK(o.out.find("--parallel tp=N") != std::string::npos);
}

TEST_CASE("cli: fleet refuses an arch without a [package] table, naming the key") {
  // The Groq file without its [package] table and the citations of its keys.
  std::ifstream in("archs/groq_lpu.toml");
  std::string text, line;
  bool in_package = false;
  while (std::getline(in, line)) {
    if (line.rfind('[', 0) == 0) in_package = line == "[package]";
    if (!in_package && line.rfind("\"package.", 0) != 0) text += line + "\n";
  }
  const std::string path = "/tmp/xpusim_fleet_no_package.toml";
  std::ofstream(path) << text;
  auto o =
      xpusim("fleet --arch " + path + " --workload workloads/llama3_8b.toml --tokens-per-s 1e6");
  CHECK(o.exit_code == 2);
  CHECK(o.out.find(path + ": package: no [package] table") != std::string::npos);
}
