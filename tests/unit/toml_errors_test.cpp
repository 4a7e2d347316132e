// SPDX-License-Identifier: MIT
// Bad spec files give a ConfigError that names the file, the line and the key.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "common/error.h"
#include "config/arch_spec.h"
#include "config/workload_spec.h"
#include "test_files.h"
#include "test_paths.h"

using namespace xpu;

namespace {

using xpu::test::read_file;
// Writes `text` to a temporary file named after the test and returns its path.
std::string write_temp(const std::string& name, const std::string& text) {
  std::string path = "/tmp/xpusim_test_" + name + ".toml";
  std::ofstream(path) << text;
  return path;
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.substr(0, at) + to + text.substr(at + from.size());
}

// Loads a mutated copy of a real file and returns the error message (fails if none).
template <typename Loader>
std::string error_of(Loader load, const std::string& path) {
  try {
    load(path);
  } catch (const ConfigError& e) {
    return e.what();
  }
  FAIL("no ConfigError for " << path);
  return "";
}

const std::string kH100 = read_file(test::repo("archs/h100_sxm.toml"));
const std::string kLlama = read_file(test::repo("workloads/llama3_8b.toml"));

}  // namespace

TEST_CASE("config: a misspelt key is rejected with file, line and the nearest valid key") {
  auto path = write_temp("misspelt", replace(kH100, "bandwidth_tbs = 3.35", "bandwith_tbs = 3.35"));
  auto msg = error_of(config::load_arch, path);
  CHECK(msg.find(path + ":") != std::string::npos);
  CHECK(msg.find("memory.dram.bandwith_tbs") != std::string::npos);
  CHECK(msg.find("did you mean 'bandwidth_tbs'") != std::string::npos);
}

// A missing key is not blamed on a valid key near it in spelling: one already read, or one
// naming another quantity by a word more (ffn_hidden_size beside hidden_size).
TEST_CASE("config: a missing key is reported as missing when the near key is a valid one") {
  auto no_hidden = write_temp("no_hidden", replace(kLlama, "hidden_size = 4096\n", ""));
  auto msg = error_of(config::load_workload, no_hidden);
  CHECK(msg.find("model.hidden_size: missing required key") != std::string::npos);
  auto no_heads = write_temp("no_heads", replace(kLlama, "\nheads = 32\n", "\n"));
  CHECK(error_of(config::load_workload, no_heads).find("model.heads: missing required key") !=
        std::string::npos);
}

TEST_CASE("config: a value in the wrong unit (a string with units) names the key and its line") {
  auto path =
      write_temp("unit", replace(kH100, "bandwidth_tbs = 3.35", "bandwidth_tbs = \"3.35 TB/s\""));
  auto msg = error_of(config::load_arch, path);
  CHECK(msg.find("memory.dram.bandwidth_tbs") != std::string::npos);
  CHECK(msg.find("expected a number") != std::string::npos);
  auto line =
      1 + std::count(kH100.begin(), kH100.begin() + kH100.find("bandwidth_tbs = 3.35"), '\n');
  CHECK(msg.find(":" + std::to_string(line) + ":") != std::string::npos);
}

TEST_CASE("config: a key in another unit than the schema's is unknown, with a suggestion") {
  auto path = write_temp("gbs", replace(kH100, "bandwidth_tbs = 3.35", "bandwidth_gbs = 3350"));
  auto msg = error_of(config::load_arch, path);
  CHECK(msg.find("bandwidth_gbs") != std::string::npos);
  CHECK(msg.find("did you mean 'bandwidth_tbs'") != std::string::npos);
}

TEST_CASE("config: negative and zero sizes are refused") {
  auto neg = write_temp("negative", replace(kH100, "capacity_gb = 80", "capacity_gb = -80"));
  CHECK(error_of(config::load_arch, neg).find("memory.dram.capacity_gb: must be > 0") !=
        std::string::npos);
  auto zero = write_temp("zero", replace(kLlama, "layers = 32", "layers = 0"));
  CHECK(error_of(config::load_workload, zero).find("model.layers: must be >= 1") !=
        std::string::npos);
}

TEST_CASE("config: NaN and infinity are refused") {
  auto path = write_temp("nan", replace(kH100, "tdp_w = 700", "tdp_w = nan"));
  CHECK(error_of(config::load_arch, path).find("power.tdp_w: must be a finite number") !=
        std::string::npos);
  auto inf = write_temp("inf", replace(kH100, "tdp_w = 700", "tdp_w = inf"));
  CHECK(error_of(config::load_arch, inf).find("power.tdp_w") != std::string::npos);
}

TEST_CASE("config: a missing required key names its table") {
  auto path = write_temp("missing", replace(kLlama, "vocab_size = 128256\n", ""));
  auto msg = error_of(config::load_workload, path);
  CHECK(msg.find("model.vocab_size: missing required key") != std::string::npos);
}

TEST_CASE("config: malformed TOML reports the parser's line") {
  auto path = write_temp("malformed", kLlama + "\n[dtypes\n");
  auto msg = error_of(config::load_workload, path);
  CHECK(msg.find("malformed TOML") != std::string::npos);
  CHECK(msg.find(path + ":") != std::string::npos);
}

TEST_CASE("config: a missing file is a ConfigError naming it") {
  CHECK(error_of(config::load_arch, "/nonexistent/arch.toml")
            .find("/nonexistent/arch.toml: cannot open file") != std::string::npos);
}

TEST_CASE("config: every number in an arch file must cite a source") {
  auto path = write_temp(
      "uncited", replace(kH100, "\"power.tdp_w\" = \"P: NVIDIA H100 datasheet (S5)\"\n", ""));
  auto msg = error_of(config::load_arch, path);
  CHECK(msg.find("no source cited for 'power.tdp_w'") != std::string::npos);
}

TEST_CASE("config: a citation must carry a reliability tag") {
  auto path = write_temp(
      "untagged", replace(kH100, "\"power.tdp_w\" = \"P: NVIDIA", "\"power.tdp_w\" = \"NVIDIA"));
  CHECK(error_of(config::load_arch, path).find("provenance.power.tdp_w") != std::string::npos);
}

TEST_CASE("config: an unknown dtype lists the valid ones") {
  auto path = write_temp("dtype", replace(kLlama, "weights = \"bf16\"", "weights = \"bf12\""));
  auto msg = error_of(config::load_workload, path);
  CHECK(msg.find("dtypes.weights: 'bf12' is not one of: bf16, fp16, fp8, int8, fp4, int4") !=
        std::string::npos);
}

TEST_CASE("config: kv_heads must divide heads") {
  auto path = write_temp("gqa", replace(kLlama, "kv_heads = 8", "kv_heads = 7"));
  CHECK(error_of(config::load_workload, path).find("model.kv_heads: must divide heads (32)") !=
        std::string::npos);
}

TEST_CASE("config: every shipped arch and workload file loads") {
  for (auto arch : {"h100_sxm", "h200", "b200", "a100_sxm", "mi300x", "mi325x"}) {
    CHECK_NOTHROW(config::load_arch(test::repo(std::string("archs/") + arch + ".toml")));
  }
  for (auto w :
       {"llama3_8b", "llama3_70b", "llama31_405b", "mixtral_8x7b", "deepseek_v3", "gpt3_175b"}) {
    CHECK_NOTHROW(config::load_workload(test::repo(std::string("workloads/") + w + ".toml")));
  }
}
