// SPDX-License-Identifier: MIT
// `xpusim serve --json` on an SRAM-only (Groq) and a wafer-scale (Cerebras) system: one replica
// on all the chips asked for, so the throughput per chip is the total over those chips, and the
// KV cache is bounded by their SRAM.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "run_xpusim.h"

namespace {

nlohmann::json serve(const char* arch, int64_t chips) {
  const auto o = xpu::test::xpusim(fmt::format(
      "serve --arch {} --chips {} --scenario workloads/scenarios/synthetic_chat_llama31_8b.toml "
      "--json",
      arch, chips));
  REQUIRE_MESSAGE(o.exit_code == 0, o.out);
  return nlohmann::json::parse(o.out);
}

}  // namespace

TEST_CASE("cli: serve on Groq and Cerebras: tokens/s per chip = the total over the chips used") {
  for (const auto& [arch, chips] :
       {std::pair{"archs/groq_lpu.toml", 64}, std::pair{"archs/cerebras_wse3.toml", 2}}) {
    CAPTURE(arch);
    const auto j = serve(arch, chips);
    CHECK(j["chips"].get<int64_t>() == chips);
    CHECK(j["replicas"].get<int64_t>() == 1);
    CHECK(j["output_tokens_per_s_per_chip"].get<double>() ==
          doctest::Approx(j["output_tokens_per_s"].get<double>() / chips).epsilon(1e-12));
    // Bounded by the chips' SRAM (64 x 230.7 MB; 2 x 44 GB), not the 65,536-sequence ceiling.
    const double sram_bytes = chips * (chips == 64 ? 230.7e6 : 44e9);
    const double kv_bytes_per_token = 32 * 8 * 128 * 2 * 2.0;  // Llama 3.1 8B, fp16 KV
    CHECK(j["kv_capacity_tokens_per_replica"].get<double>() < sram_bytes / kv_bytes_per_token);
    CHECK(j["kv_capacity_tokens_per_replica"].get<int64_t>() > 0);
  }
}
