// SPDX-License-Identifier: MIT
// The roots of issue 14's fixes, one by one: the input reader, the output writer, the range
// table, the nesting bound, the soundness check on results, the learned position table.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/input_file.h"
#include "config/ranges.h"
#include "config/toml_reader.h"
#include "config/workload_spec.h"
#include "result/finite.h"
#include "test_paths.h"
#include "workload/transformer.h"

using namespace xpu;

namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / fmt::format("xpusim_unit_hostile_{}_{}", getpid(), name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

template <typename F>
std::string config_error(F f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  FAIL("no ConfigError");
  return "";
}

}  // namespace

TEST_CASE(
    "input: only regular files of at most 64 MiB are read, FIFOs, devices and folders are "
    "refused") {
  const auto dir = temp_dir("read");
  CHECK(config_error([&] { read_input_file((dir / "fifo").string()); }).find("cannot open file") !=
        std::string::npos);
  REQUIRE(mkfifo((dir / "fifo").c_str(), 0600) == 0);
  CHECK(config_error([&] { read_input_file((dir / "fifo").string()); }).find("is a FIFO") !=
        std::string::npos);
  CHECK(config_error([&] { read_input_file("/dev/zero"); }).find("is a device") !=
        std::string::npos);
  CHECK(config_error([&] { read_input_file(dir.string()); }).find("is a folder") !=
        std::string::npos);
  // A sparse file: 64 MiB + 1 byte that take no disk space.
  { std::ofstream(dir / "big"); }
  fs::resize_file(dir / "big", static_cast<uintmax_t>(kMaxInputBytes) + 1);
  CHECK(config_error([&] {
          read_input_file((dir / "big").string());
        }).find("more than the 64 MiB") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE(
    "output: the writer refuses a symlink, a device and an input of this run, and writes a regular "
    "file") {
  const auto dir = temp_dir("write");
  std::ofstream(dir / "target") << "keep";
  fs::create_symlink(dir / "target", dir / "link");
  CHECK(config_error([&] {
          write_file_atomically(dir / "link", "x", "the test file");
        }).find("it is a symbolic link") != std::string::npos);
  CHECK(config_error([&] {
          write_file_atomically("/dev/null", "x", "the test file");
        }).find("not a regular file") != std::string::npos);
  std::ofstream(dir / "input") << "an input";
  CHECK(read_input_file((dir / "input").string()) == "an input");
  CHECK(config_error([&] {
          write_file_atomically(dir / "input", "x", "the test file");
        }).find("it is an input of this run") != std::string::npos);
  write_file_atomically(dir / "fresh", "written", "the test file");
  CHECK(read_input_file((dir / "fresh").string()) == "written");
  CHECK(read_input_file((dir / "target").string()) == "keep");
  fs::remove_all(dir);
}

TEST_CASE("ranges: a key's unit suffix picks its plausible range, dtype maps take their table's") {
  CHECK(config::plausible_range("memory.dram.bandwidth_tbs").unit == "TB/s");
  CHECK(config::plausible_range("compute.dense_peak_tflops.bf16").unit == "TFLOP/s");
  CHECK(config::plausible_range("energy.dram_pj_per_bit").unit == "pJ/bit");
  CHECK(config::plausible_range("package.hbm_usd_per_gb").unit == "USD/GB");  // not "_gb"
  CHECK(config::plausible_range("memory.l2.sm_port_bytes_per_clock").minimum == 1.0);
  CHECK(config::plausible_range("model.something_else").maximum == 1e12);
  // Every number of the repository's arch files lies inside its range (they load: other tests);
  // the H100's 3.35 TB/s is five orders of magnitude inside both ends.
  const auto& tbs = config::plausible_range("bandwidth_tbs");
  CHECK(tbs.minimum < 3.35 / 1e4);
  CHECK(tbs.maximum > 3.35 * 1e5);
}

TEST_CASE(
    "toml: nesting beyond 64 levels is refused before parsing, at any depth, without a crash") {
  auto deep = [](int n) { return "x = " + std::string(n, '[') + std::string(n, ']') + "\n"; };
  CHECK_NOTHROW(config::Document::parse(deep(60), "ok.toml"));
  CHECK(config_error([&] {
          config::Document::parse(deep(65), "a.toml");
        }).find("a.toml:1: nested more than 64") == 0);
  CHECK(config_error([&] {
          config::Document::parse(deep(50000), "b.toml");
        }).find("nested more than 64") != std::string::npos);
  std::string dotted = "k";
  for (int i = 0; i < 50000; ++i) dotted += ".k";
  CHECK(config_error([&] {
          config::Document::parse("a = 1\n" + dotted + " = 1\n", "c.toml");
        }).find("c.toml:2: nested") == 0);
  // Dots in values and strings are not nesting: a long list of floats, a dotted string.
  std::string floats = "v = [";
  for (int i = 0; i < 1000; ++i) floats += "0.5, ";
  floats += "0.5]\ns = \"" + std::string(200, '.') + "\"\n";
  CHECK_NOTHROW(config::Document::parse(floats, "floats.toml"));
}

TEST_CASE("result: a non-finite or negative number is refused before it is printed or written") {
  Result r;
  r.engine = "analytic";
  r.latency_s = 1e-3;
  r.tokens_per_s = 1000.0;
  CHECK(first_unsound_number(r).empty());
  r.latency_s = std::numeric_limits<double>::infinity();
  CHECK(first_unsound_number(r) == "latency_s = inf");
  CHECK_THROWS_AS(require_sound(r), InfeasibleError);
  r.latency_s = 1e-3;
  r.energy_breakdown_j["dram"] = std::nan("");
  CHECK(first_unsound_number(r) == "energy_breakdown_j.dram = nan");
}

TEST_CASE("workload: a learned position table counts hidden x max_context parameters") {
  auto gpt3 = config::load_workload(test::repo("workloads/gpt3_175b.toml"));
  REQUIRE(gpt3.position == "learned");
  const double with_table = workload::count_parameters(gpt3, gpt3.layers).total;
  gpt3.position = "rope";
  const double without = workload::count_parameters(gpt3, gpt3.layers).total;
  CHECK(with_table - without == doctest::Approx(12288.0 * 2048.0));
}
