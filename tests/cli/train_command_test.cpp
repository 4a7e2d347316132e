// SPDX-License-Identifier: MIT
// The `xpusim train` contract: --tp-overlap's three modes and the SM-sharing field.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <string>

#include "run_xpusim.h"

using namespace xpu;

namespace {

const char* const kTrain =
    "train --system systems/dgx_h100_ib.toml --workload workloads/llama3_8b.toml "
    "--parallel tp=8,pp=2,dp=2 --global-batch 8 --sequence 4096 --dp-sharding fsdp";

nlohmann::json train_json(const std::string& overlap) {
  const auto o = test::xpusim(
      std::string(kTrain) + " --json" + (overlap.empty() ? "" : " --tp-overlap " + overlap),
      "2>/dev/null");
  REQUIRE(o.exit_code == 0);
  return nlohmann::json::parse(o.out);
}

}  // namespace

TEST_CASE(
    "cli: train --tp-overlap none|backward|full, backward by default, sm_sharing_s reported") {
  const auto none = train_json("none");
  const auto backward = train_json("backward");
  const auto full = train_json("full");
  CHECK(train_json("")["step_s"] == backward["step_s"]);
  // Each mode hides more tensor-parallel collectives than the one before.
  CHECK(none["step_s"].get<double>() > backward["step_s"].get<double>());
  CHECK(backward["step_s"].get<double>() > full["step_s"].get<double>());
  CHECK(backward["sm_sharing_s"].get<double>() > none["sm_sharing_s"].get<double>());
  const auto bad = test::xpusim(std::string(kTrain) + " --tp-overlap sometimes");
  CHECK(bad.exit_code != 0);
  CHECK(bad.out.find("sometimes") != std::string::npos);
}
