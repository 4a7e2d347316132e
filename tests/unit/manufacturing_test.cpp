// SPDX-License-Identifier: MIT
// Dies per wafer, yield, chip build, fleet and supply arithmetic against closed forms, published
// examples and hand calculations; bad [package] tables give a ConfigError naming the key.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <numbers>
#include <string>

#include "common/error.h"
#include "config/arch_spec.h"
#include "manufacturing/chip_build.h"
#include "manufacturing/fleet.h"
#include "manufacturing/process_nodes.h"
#include "manufacturing/supply.h"
#include "manufacturing/wafer.h"
#include "test_files.h"
#include "test_paths.h"

using namespace xpu;

namespace {

using xpu::test::read_file;
std::string replace(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// The H100 arch file with `from` replaced by `to`, written to /tmp with its relative paths made
// absolute so that it still finds the calibration and process-node files.
std::string h100_with(const std::string& name, const std::string& from, const std::string& to) {
  std::string text = read_file(test::repo("archs/h100_sxm.toml"));
  text = replace(text, "\"../calibration/", "\"" + test::repo("calibration/"));
  text = replace(text, "\"../manufacturing/", "\"" + test::repo("manufacturing/"));
  text = replace(text, from, to);
  std::string path = "/tmp/xpusim_manufacturing_" + name + ".toml";
  std::ofstream(path) << text;
  return path;
}

// The ConfigError message of building the chip of `path` (load or build; fails if none).
std::string error_of(const std::string& path) {
  try {
    const auto arch = config::load_arch(path);
    manufacturing::build_chip(arch, manufacturing::process_nodes_of(arch));
  } catch (const ConfigError& e) {
    return e.what();
  }
  FAIL("no ConfigError for " << path);
  return "";
}

manufacturing::ProcessData process() {
  return manufacturing::load_process_nodes(test::repo("manufacturing/process_nodes.toml"));
}

}  // namespace

TEST_CASE("manufacturing: dies per wafer matches calculator.academy's worked example, 583 dies") {
  // 300 mm wafer, 5 mm edge exclusion, 10.1 x 10.1 mm footprint -> ~583 (calculator.academy).
  CHECK(std::floor(manufacturing::gross_dies_per_wafer(290.0, 10.1 * 10.1)) == 583.0);
}

TEST_CASE("manufacturing: an 814 mm2 die gives about 64 gross dies on a whole 300 mm wafer") {
  const double closed_form = std::numbers::pi * 300.0 * 300.0 / (4.0 * 814.0) -
                             std::numbers::pi * 300.0 / std::sqrt(2.0 * 814.0);
  const double dies = manufacturing::gross_dies_per_wafer(300.0, 814.0);
  CHECK(dies == doctest::Approx(closed_form));
  CHECK(dies == doctest::Approx(63.48).epsilon(0.001));
  CHECK(dies > 63.0);
  CHECK(dies < 65.0);
}

TEST_CASE(
    "manufacturing: a die too large for the wafer gives no dies rather than a negative count") {
  CHECK(manufacturing::gross_dies_per_wafer(300.0, 80000.0) == 0.0);
}

TEST_CASE("manufacturing: Poisson and Murphy yields match their closed forms") {
  const double ad = 814.0 / 100.0 * 0.105;  // mm2 -> cm2
  CHECK(manufacturing::poisson_yield(814.0, 0.105) == doctest::Approx(std::exp(-ad)));
  CHECK(manufacturing::murphy_yield(814.0, 0.105) ==
        doctest::Approx(std::pow((1 - std::exp(-ad)) / ad, 2)));
  CHECK(manufacturing::poisson_yield(814.0, 0.105) == doctest::Approx(0.4254).epsilon(0.001));
  CHECK(manufacturing::murphy_yield(814.0, 0.105) == doctest::Approx(0.4520).epsilon(0.001));
  CHECK(manufacturing::murphy_yield(814.0, 0.0) == 1.0);
  CHECK(manufacturing::poisson_yield(814.0, 0.0) == 1.0);
}

TEST_CASE("manufacturing: Murphy yield is never below Poisson and both fall as dies grow") {
  double previous_poisson = 1.0, previous_murphy = 1.0;
  for (double area : {50.0, 100.0, 200.0, 400.0, 800.0, 1600.0}) {
    const double poisson = manufacturing::poisson_yield(area, 0.1);
    const double murphy = manufacturing::murphy_yield(area, 0.1);
    CHECK(murphy >= poisson);
    CHECK(poisson < previous_poisson);
    CHECK(murphy < previous_murphy);
    previous_poisson = poisson;
    previous_murphy = murphy;
  }
  // The gap widens with die size: Murphy/Poisson grows.
  CHECK(manufacturing::murphy_yield(800, 0.1) / manufacturing::poisson_yield(800, 0.1) >
        manufacturing::murphy_yield(100, 0.1) / manufacturing::poisson_yield(100, 0.1));
}

TEST_CASE(
    "manufacturing: the H100 chip build follows from its [package] table and the process file") {
  const auto arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  REQUIRE(arch.package);
  CHECK(arch.package->type == config::PackageType::kCowosS);
  const auto p = process();
  const auto b = manufacturing::build_chip(arch, p);
  const double gross = manufacturing::gross_dies_per_wafer(290.0, 814.0);
  CHECK(b.gross_dies_per_wafer == doctest::Approx(gross));
  CHECK(b.good_dies_per_wafer ==
        doctest::Approx(gross * manufacturing::murphy_yield(814.0, 0.105)));
  CHECK(b.logic_wafers_per_chip == doctest::Approx(1.0 / b.good_dies_per_wafer));
  CHECK(b.logic_cost_usd == doctest::Approx(16988.0 / b.good_dies_per_wafer));
  CHECK(b.interposers_per_wafer == std::floor(manufacturing::gross_dies_per_wafer(290.0, 2500.0)));
  CHECK(b.interposers_per_wafer == 13.0);
  CHECK(b.package_cost_usd == doctest::Approx(12300.0 / 13.0));
  CHECK(b.hbm_stacks == 5);
  CHECK(b.hbm_cost_usd == doctest::Approx(80.0 * 7.0));
  CHECK(b.cost_usd() == doctest::Approx(b.logic_cost_usd + b.package_cost_usd + b.hbm_cost_usd));
}

TEST_CASE(
    "manufacturing: every arch with a [package] table builds, and MI300X's cited interposer is "
    "flagged") {
  const auto p = process();
  for (const char* id : {"a100_sxm", "h100_sxm", "h200", "b200", "mi300x", "mi325x"}) {
    CAPTURE(id);
    const auto arch = config::load_arch(test::repo(std::string("archs/") + id + ".toml"));
    REQUIRE(arch.package);
    const auto b = manufacturing::build_chip(arch, p);
    CHECK(b.cost_usd() > 0.0);
    CHECK(b.cowos_wafers_per_chip > 0.0);
  }
  const auto b200 = manufacturing::build_chip(config::load_arch(test::repo("archs/b200.toml")), p);
  CHECK(b200.dies_per_chip == 2);
  CHECK(b200.logic_wafers_per_chip == doctest::Approx(2.0 / b200.good_dies_per_wafer));
  const auto mi300x =
      manufacturing::build_chip(config::load_arch(test::repo("archs/mi300x.toml")), p);
  bool flagged = false;
  for (const auto& w : mi300x.warnings) flagged |= w.find("exceeds") != std::string::npos;
  CHECK(flagged);
}

TEST_CASE(
    "manufacturing: a fleet is the target over the per-chip rate, rounded up, times each chip's "
    "needs") {
  config::ArchSpec arch;
  arch.power.tdp_w = 700.0;
  manufacturing::ChipBuild chip;
  chip.hbm_stacks = 5;
  chip.hbm_gb = 80.0;
  chip.logic_wafers_per_chip = 0.04;
  chip.cowos_wafers_per_chip = 0.1;
  chip.logic_cost_usd = 1000.0;
  chip.package_cost_usd = 500.0;
  chip.hbm_cost_usd = 560.0;
  // 1e6 / 4000 = 250 exactly; 1e6 / 3000 = 333.3 -> 334 chips.
  const auto even = manufacturing::plan_fleet(arch, chip, 4000.0, 1e6);
  CHECK(even.chips == 250.0);
  const auto f = manufacturing::plan_fleet(arch, chip, 3000.0, 1e6);
  CHECK(f.chips == 334.0);
  CHECK(f.hbm_stacks == 1670.0);
  CHECK(f.hbm_gb == doctest::Approx(26720.0));
  CHECK(f.logic_wafers == doctest::Approx(13.36));
  CHECK(f.cowos_wafers == doctest::Approx(33.4));
  CHECK(f.chip_power_mw == doctest::Approx(0.2338));
  CHECK(f.capex_usd == doctest::Approx(334.0 * 2060.0));
}

TEST_CASE(
    "manufacturing: the supply view caps chips by each resource and names the one that binds") {
  const auto supply = manufacturing::load_supply(test::repo("supply/2025.toml"));
  CHECK(supply.name == "2025");
  CHECK_FALSE(supply.logic_wafers_per_year);
  config::ArchSpec arch;
  arch.power.tdp_w = 700.0;
  manufacturing::ChipBuild chip;
  chip.hbm_gb = 80.0;
  chip.cowos_wafers_per_chip = 1.0 / 13.0;
  chip.logic_wafers_per_chip = 0.04;
  const auto v = manufacturing::supply_view(arch, chip, supply, 1000.0);
  // CoWoS: 0.9 x 720,000 x 13 = 8.42 M chips; HBM: 0.9 x 490e6 / 80 = 5.51 M chips.
  REQUIRE(v.limits.size() == 4);
  CHECK(*v.limits[0].chips_per_year == doctest::Approx(0.9 * 720000 * 13));
  CHECK(*v.limits[1].chips_per_year == doctest::Approx(0.9 * 490e6 / 80));
  CHECK_FALSE(v.limits[2].chips_per_year);  // no logic-wafer figure in 2025.toml
  CHECK_FALSE(v.limits[3].chips_per_year);  // nor a power figure
  CHECK(v.binding == "hbm");
  CHECK(*v.tokens_per_s == doctest::Approx(0.9 * 490e6 / 80 * 1000.0));
  CHECK(v.all_in_w_per_chip == doctest::Approx(700.0 * 2.43));
}

TEST_CASE("manufacturing: a chip that uses no CoWoS or HBM is not capped by them") {
  const auto supply = manufacturing::load_supply(test::repo("supply/2025.toml"));
  config::ArchSpec arch;
  arch.power.tdp_w = 250.0;
  manufacturing::ChipBuild chip;  // organic package, no HBM
  chip.logic_wafers_per_chip = 0.02;
  const auto v = manufacturing::supply_view(arch, chip, supply, 1000.0);
  CHECK(v.binding.empty());
  CHECK_FALSE(v.chips_per_year);
  CHECK_FALSE(v.tokens_per_s);
}

TEST_CASE("manufacturing: a negative die area is a ConfigError naming package.die_area_mm2") {
  auto msg = error_of(h100_with("negative_area", "die_area_mm2 = 814", "die_area_mm2 = -814"));
  CHECK(msg.find("package.die_area_mm2") != std::string::npos);
  CHECK(msg.find("must be > 0") != std::string::npos);
}

TEST_CASE("manufacturing: an unknown package type is a ConfigError naming package.type") {
  auto msg = error_of(h100_with("bad_type", "type = \"cowos-s\"", "type = \"cowos-x\""));
  CHECK(msg.find("package.type") != std::string::npos);
  CHECK(msg.find("cowos-l") != std::string::npos);  // the error lists the valid types
}

TEST_CASE("manufacturing: an unknown process node is a ConfigError naming package.node") {
  auto msg = error_of(h100_with("bad_node", "node = \"n4\"", "node = \"n1\""));
  CHECK(msg.find("package.node") != std::string::npos);
  CHECK(msg.find("n5") != std::string::npos);  // and lists the known ones
}

TEST_CASE(
    "manufacturing: a die beyond the reticle limit is refused unless the package is wafer-scale") {
  auto msg = error_of(h100_with("over_reticle", "die_area_mm2 = 814", "die_area_mm2 = 900"));
  CHECK(msg.find("package.die_area_mm2") != std::string::npos);
  CHECK(msg.find("reticle") != std::string::npos);
}

TEST_CASE("manufacturing: an organic package with an interposer area is a ConfigError") {
  auto msg = error_of(h100_with("organic_interposer", "type = \"cowos-s\"", "type = \"organic\""));
  CHECK(msg.find("package.interposer_area_mm2") != std::string::npos);
}

TEST_CASE("manufacturing: a chip with HBM needs its price per GB") {
  auto msg = error_of(h100_with("no_hbm_price", "hbm_usd_per_gb = 7\n", ""));
  CHECK(msg.find("package.hbm_usd_per_gb") != std::string::npos);
}

TEST_CASE(
    "manufacturing: a [package] number without a citation is refused by the provenance check") {
  auto msg = error_of(h100_with(
      "uncited", "\"package.dies\" = \"P: one GH100 die (NVIDIA H100 datasheet, S5)\"\n", ""));
  CHECK(msg.find("package.dies") != std::string::npos);
}

TEST_CASE(
    "manufacturing: a process-node file that does not exist is named with package.process_nodes") {
  auto msg = error_of(
      h100_with("no_process_file", "manufacturing/process_nodes.toml", "manufacturing/none.toml"));
  CHECK(msg.find("package.process_nodes") != std::string::npos);
  CHECK(msg.find("none.toml") != std::string::npos);
}
