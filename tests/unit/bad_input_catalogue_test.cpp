// SPDX-License-Identifier: MIT
// Every file of the bad-input catalogue (tests/data/bad/, see tests/bad_inputs.h) is refused by
// its loader with the stated message, file and line: no crash, no silent default.
#include <doctest/doctest.h>

#include <set>

#include "bad_inputs.h"
#include "common/error.h"
#include "compiler/plan.h"
#include "config/arch_spec.h"
#include "config/resolve.h"
#include "config/system_spec.h"
#include "config/workload_spec.h"
#include "serving/serving_spec.h"

using namespace xpu;

namespace {

// Loads `b` the way its kind says; returns the error's message, or "" when nothing was thrown.
std::string error_of(const test::BadInput& b, bool& infeasible) {
  infeasible = false;
  try {
    if (b.kind == "arch") {
      config::load_arch(b.path);
    } else if (b.kind == "workload") {
      config::load_workload(b.path);
    } else if (b.kind == "scenario") {
      serving::load_serving(b.path);
    } else if (b.kind == "system") {
      config::load_system(b.path);
    } else if (b.kind == "infeasible") {
      const auto arch = config::load_arch("archs/h100_sxm.toml");
      const auto w = config::resolve_workload(arch, config::load_workload(b.path));
      workload::Scenario s;
      s.phase = workload::Phase::kDecode;
      s.context = 16;
      compiler::compile(machine::resolve(arch), w, s);
    } else {
      FAIL("unknown catalogue folder tests/data/bad/" << b.kind);
    }
  } catch (const ConfigError& e) {
    return e.what();
  } catch (const InfeasibleError& e) {
    infeasible = true;
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("bad inputs: every catalogue file is refused with its stated message, file and line") {
  const auto catalogue = test::bad_inputs();
  REQUIRE(catalogue.size() >= 50);
  std::set<std::string> kinds;
  for (const auto& b : catalogue) {
    INFO(b.path);
    kinds.insert(b.kind);
    REQUIRE_MESSAGE(!b.expect.empty(), "no '# expect:' header");
    REQUIRE_MESSAGE(b.line >= 0, "no '# line:' header");
    bool infeasible = false;
    const std::string msg = error_of(b, infeasible);
    INFO("message: " << msg);
    CHECK_MESSAGE(!msg.empty(), "loaded without an error");
    if (b.exit_code == 3) {
      CHECK(infeasible);
      CHECK(msg.find(b.expect) != std::string::npos);
    } else {
      CHECK(!infeasible);
      CHECK(msg.find(b.located()) == 0);
    }
  }
  CHECK(kinds == std::set<std::string>{"arch", "infeasible", "scenario", "system", "workload"});
}
