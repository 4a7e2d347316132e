// SPDX-License-Identifier: MIT
// The `xpusim run` contract other tools depend on: flags, JSON fields, exit codes.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>

#include "run_xpusim.h"

namespace {

using xpu::test::xpusim;

const std::string kDecode =
    "run --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --phase decode --batch 8 "
    "--context 1024 --json";

}  // namespace

TEST_CASE("cli: run --json prints the documented fields") {
  auto o = xpusim(kDecode);
  REQUIRE(o.exit_code == 0);
  auto j = nlohmann::json::parse(o.out);
  for (auto key :
       {"latency_s", "tokens_per_s", "energy_j_per_token", "avg_power_w", "memory_bytes", "ops"}) {
    CHECK_MESSAGE(j.contains(key), key);
  }
  CHECK(j["tokens_per_s"].get<double>() == doctest::Approx(8.0 / j["latency_s"].get<double>()));
  REQUIRE(!j["ops"].empty());
  for (const auto& op : j["ops"]) {
    for (auto key : {"name", "time_s", "flops", "bytes", "bound"}) CHECK(op.contains(key));
  }
  double sum = 0.0;
  for (const auto& op : j["ops"]) sum += op["time_s"].get<double>();
  CHECK(sum == doctest::Approx(j["latency_s"].get<double>()).epsilon(1e-9));
}

TEST_CASE("cli: prefill tokens_per_s is batch*prompt/latency") {
  auto o = xpusim(
      "run --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --phase prefill "
      "--batch 2 --prompt 512 --json");
  REQUIRE(o.exit_code == 0);
  auto j = nlohmann::json::parse(o.out);
  CHECK(j["tokens_per_s"].get<double>() == doctest::Approx(1024.0 / j["latency_s"].get<double>()));
}

TEST_CASE("cli: --layers N evaluates N decoder layers and is cheaper than the whole model") {
  auto full = nlohmann::json::parse(xpusim(kDecode).out);
  auto two = xpusim(kDecode + " --layers 2");
  REQUIRE(two.exit_code == 0);
  auto j = nlohmann::json::parse(two.out);
  CHECK(j["layers"] == 2);
  CHECK(j["latency_s"].get<double>() < full["latency_s"].get<double>());
}

TEST_CASE("cli: the same inputs give byte-identical JSON, run after run") {
  // One point per engine path: GPU decode and prefill, an SRAM-only cluster, a wafer, serving.
  for (const std::string& args :
       {kDecode,
        std::string(
            "run --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --phase prefill "
            "--batch 2 --prompt 512 --json"),
        std::string(
            "run --arch archs/groq_lpu.toml --workload workloads/llama3_8b.toml --phase decode "
            "--batch 4 --context 512 --json"),
        std::string("run --arch archs/cerebras_wse3.toml --workload workloads/mixtral_8x7b.toml "
                    "--phase decode "
                    "--batch 4 --context 512 --json"),
        std::string("serve --arch archs/h100_sxm.toml --chips 8 "
                    "--scenario workloads/scenarios/mlperf_llama2_70b_offline.toml --json"),
        std::string(
            "serve --arch archs/h100_sxm.toml --chips 8 "
            "--scenario workloads/scenarios/mlperf_llama2_70b_server.toml --duration 60 --json")}) {
    INFO(args);
    const auto first = xpusim(args);
    CHECK(first.exit_code == 0);
    CHECK(!first.out.empty());
    for (int run = 2; run <= 3; ++run) CHECK(xpusim(args).out == first.out);
  }
}

TEST_CASE(
    "cli: serve with an [arrival] scenario reports the serving simulator's latencies and the SLO") {
  const auto o = xpusim(
      "serve --arch archs/h100_sxm.toml --chips 8 "
      "--scenario workloads/scenarios/mlperf_llama2_70b_server.toml --duration 60 --json");
  REQUIRE(o.exit_code == 0);
  for (const char* key : {"\"ttft_p50_s\"", "\"ttft_p99_s\"", "\"tpot_p50_s\"", "\"tpot_p99_s\"",
                          "\"requests_per_s\"", "\"output_tokens_per_s\"", "\"meets_slo\""}) {
    CHECK_MESSAGE(o.out.find(key) != std::string::npos, key);
  }
}

TEST_CASE("cli: a model that does not fit is an error with exit code 3, not a number") {
  auto o = xpusim(
      "run --arch archs/h100_sxm.toml --workload workloads/llama3_70b.toml --phase decode "
      "--context 1024 --json");
  CHECK(o.exit_code == 3);
  CHECK(o.out.find("does not fit") != std::string::npos);
  CHECK(o.out.find("80.0 GB") != std::string::npos);
}

TEST_CASE("cli: a bad arch file exits 2 naming file, line and key") {
  std::string path = "/tmp/xpusim_cli_bad_arch.toml";
  std::FILE* f = std::fopen(path.c_str(), "w");
  std::fputs("[chip]\nname = \"x\"\nfamily = \"gpu\"\nprocess_node = \"n\"\ncalibraton = \"c\"\n",
             f);
  std::fclose(f);
  auto o = xpusim("run --arch " + path +
                  " --workload workloads/llama3_8b.toml --phase decode --context 1");
  CHECK(o.exit_code == 2);
  CHECK(o.out.find(path + ":5: chip.calibraton: unknown key; did you mean 'calibration'?") !=
        std::string::npos);
}

TEST_CASE("cli: a dtype the chip cannot compute in is refused") {
  auto o = xpusim(
      "run --arch archs/a100_sxm.toml --workload workloads/llama3_8b.toml --phase decode "
      "--context 10 --activation-dtype fp8");
  CHECK(o.exit_code == 3);
  CHECK(o.out.find("has no fp8 matrix peak") != std::string::npos);
}

TEST_CASE("cli: missing or contradictory shape flags are usage errors") {
  CHECK(xpusim("run --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --phase decode")
            .exit_code != 0);
  CHECK(xpusim("run --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --phase prefill "
               "--prompt 8 "
               "--context 8")
            .exit_code != 0);
  CHECK(xpusim("run --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --phase decode "
               "--context 8 "
               "--batch 0")
            .exit_code != 0);
  CHECK(xpusim("run --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --phase decode "
               "--context 9000")
            .exit_code == 3);  // beyond max_context
}

// docs/gpu_software.md: eager adds 14 element-wise kernels per layer (18 instead of 4) and their
// traffic; the default is fused, byte for byte; a non-GPU chip refuses eager (exit 3).
TEST_CASE("cli: --software eager runs a kernel per element-wise step and fused is the default") {
  const std::string prefill =
      "run --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --phase prefill "
      "--prompt 2048 --layers 1 --json";
  const auto plain = xpusim(prefill), fused = xpusim(prefill + " --software fused"),
             eager = xpusim(prefill + " --software eager");
  REQUIRE(plain.exit_code == 0);
  REQUIRE(eager.exit_code == 0);
  CHECK(plain.out == fused.out);
  const auto f = nlohmann::json::parse(fused.out), e = nlohmann::json::parse(eager.out);
  CHECK(e["ops"].size() == f["ops"].size() + 14);
  CHECK(e["latency_s"].get<double>() > f["latency_s"].get<double>());
  const auto groq = xpusim(
      "run --arch archs/groq_lpu.toml --workload workloads/llama3_8b.toml --phase decode "
      "--context 16 --software eager");
  CHECK(groq.exit_code == 3);
  CHECK(groq.out.find("applies to GPUs") != std::string::npos);
}
