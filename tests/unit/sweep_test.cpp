// SPDX-License-Identifier: MIT
// Sweep specs, their points and the Pareto front (docs/sweep.md).
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <fstream>
#include <numeric>
#include <random>
#include <set>
#include <string>

#include "common/error.h"
#include "common/pareto.h"
#include "sweep/design.h"
#include "sweep/record.h"
#include "sweep/sweep_spec.h"
#include "test_paths.h"

using namespace xpu;
using namespace xpu::sweep;

namespace {

// A spec on H100 and Llama 3 8B decode with `axes` (TOML text from [axes.*] on), written to a
// file named after the test.
std::string spec_file(const std::string& name, const std::string& axes,
                      const std::string& sampling = "") {
  const std::string path = "/tmp/xpusim_test_sweep_" + name + ".toml";
  std::ofstream(path) << fmt::format(
      "[base]\narch = \"{}\"\nworkload = \"{}\"\n\n[scenario]\nphase = \"decode\"\ncontext = "
      "512\n{}\n{}",
      test::repo("archs/h100_sxm.toml"), test::repo("workloads/llama3_8b.toml"), sampling, axes);
  return path;
}

ConfigError error_of(const std::string& path) {
  try {
    load_sweep_spec(path);
  } catch (const ConfigError& e) {
    return e;
  }
  FAIL("expected a ConfigError");
  return ConfigError("", 0, "", "");
}

}  // namespace

TEST_CASE("a grid has one point per combination of levels, the first axis varying slowest") {
  const auto spec = load_sweep_spec(spec_file("grid",
                                              "[axes.arch]\nmemory.dram.bandwidth_tbs = [2.0, "
                                              "3.35, 4.8]\n[axes.scenario]\nbatch = [1, 8]\n"));
  const auto points = design_points(spec);
  REQUIRE(points.size() == 6);
  CHECK(std::get<double>(points[0].values[0]) == 2.0);
  CHECK(std::get<int64_t>(points[0].values[1]) == 1);
  CHECK(std::get<int64_t>(points[1].values[1]) == 8);
  CHECK(std::get<double>(points[2].values[0]) == 3.35);
  std::set<std::string> ids;
  for (const auto& p : points) ids.insert(p.id);
  CHECK(ids.size() == 6);
}

TEST_CASE("a Latin hypercube puts exactly one sample in each stratum of every dimension") {
  const size_t n = 17;
  const auto u = latin_hypercube(n, 3, 42);
  REQUIRE(u.size() == n);
  for (size_t d = 0; d < 3; ++d) {
    std::set<size_t> strata;
    for (const auto& row : u) {
      CHECK(row[d] >= 0.0);
      CHECK(row[d] < 1.0);
      strata.insert(static_cast<size_t>(row[d] * n));
    }
    CHECK(strata.size() == n);
  }
  CHECK(latin_hypercube(n, 3, 42) == u);
  CHECK(latin_hypercube(n, 3, 43) != u);
}

TEST_CASE("lhs and random sampling are deterministic for a seed and respect the ranges") {
  const std::string axes =
      "[axes.arch]\nmemory.dram.bandwidth_tbs = { min = 2.0, max = 6.0 }\n"
      "[axes.scenario]\nbatch = { min = 1, max = 64 }\n";
  for (const char* method : {"lhs", "random"}) {
    const auto path =
        spec_file(std::string("sampled_") + method, axes,
                  fmt::format("[sampling]\nmethod = \"{}\"\nsamples = 20\nseed = 7\n", method));
    const auto a = design_points(load_sweep_spec(path));
    const auto b = design_points(load_sweep_spec(path));
    REQUIRE(a.size() == 20);
    for (size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].id == b[i].id);
      const double bw = std::get<double>(a[i].values[0]);
      const int64_t batch = std::get<int64_t>(a[i].values[1]);
      CHECK(bw >= 2.0);
      CHECK(bw <= 6.0);
      CHECK(batch >= 1);
      CHECK(batch <= 64);
    }
  }
}

TEST_CASE("an axis naming a key the arch lacks is located in the sweep file with a suggestion") {
  const auto path = spec_file("typo", "[axes.arch]\nmemory.dram.bandwith_tbs = [2.0]\n");
  const auto e = error_of(path);
  CHECK(e.file() == path);
  CHECK(e.line() == 10);
  CHECK(e.key() == "axes.arch.memory.dram.bandwith_tbs");
  CHECK(std::string(e.what()).find("did you mean 'memory.dram.bandwidth_tbs'") !=
        std::string::npos);
}

TEST_CASE("an axis value the decoder refuses is an error at the axis line, before anything runs") {
  const auto path = spec_file("refused", "[axes.workload]\n\"model.kv_heads\" = [8, 7]\n");
  const auto e = error_of(path);
  CHECK(e.line() == 10);
  CHECK(e.key() == "axes.workload.model.kv_heads");
  CHECK(std::string(e.what()).find("must divide heads") != std::string::npos);
}

TEST_CASE("a scenario axis must be one the sweep knows and a range needs a sampled method") {
  CHECK(std::string(error_of(spec_file("scenario_typo", "[axes.scenario]\nbatchh = [1]\n")).what())
            .find("did you mean 'batch'") != std::string::npos);
  CHECK(std::string(
            error_of(spec_file("range_in_grid", "[axes.scenario]\nbatch = { min = 1, max = 8 }\n"))
                .what())
            .find("random") != std::string::npos);
}

TEST_CASE("a grid of more than a million points is refused at the axis that crosses the limit") {
  std::vector<int> levels(4000);
  std::iota(levels.begin(), levels.end(), 1);
  const std::string list = fmt::format("[{}]", fmt::join(levels, ", "));
  // 4,000 batches x 4,000 contexts = 16 million points: every one would be held in memory.
  const auto e = error_of(
      spec_file("huge_grid", fmt::format("[axes.scenario]\nbatch = {0}\ncontext = {0}\n", list)));
  CHECK(e.key() == "axes.scenario.context");
  CHECK(e.line() == 11);
  CHECK(std::string(e.what()).find("lhs") != std::string::npos);
}

TEST_CASE("a point that does not fit is recorded as infeasible with its reason") {
  const auto spec =
      load_sweep_spec(spec_file("infeasible", "[axes.scenario]\nbatch = [1, 100000]\n"));
  const auto points = design_points(spec);
  const auto fits = evaluate_point(spec, points[0]);
  const auto too_big = evaluate_point(spec, points[1]);
  CHECK(fits.status == "ok");
  REQUIRE(fits.metrics);
  CHECK(fits.metrics->hbm_stacks == 5);
  CHECK(too_big.status == "infeasible");
  CHECK(too_big.reason.find("does not fit") != std::string::npos);
}

TEST_CASE("a record read back from its results.jsonl line is written out identically") {
  const auto spec =
      load_sweep_spec(spec_file("roundtrip", "[axes.scenario]\nbatch = [3, 100000]\n"));
  for (const auto& p : design_points(spec)) {
    const auto r = evaluate_point(spec, p);
    const auto line = to_jsonl(spec, p, r);
    const auto back = from_jsonl(line);
    REQUIRE(back);
    CHECK(to_jsonl(spec, p, *back) == line);
    CHECK(to_csv(p, *back) == to_csv(p, r));
  }
  CHECK_FALSE(from_jsonl("{\"index\":0,\"id\":\"ab"));
}

TEST_CASE("the Pareto front equals the brute-force set of non-dominated points") {
  std::mt19937_64 rng(1);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<std::vector<double>> costs(60);
    // Few distinct values: ties and duplicates are the hard cases.
    for (auto& row : costs) row = {double(rng() % 8), double(rng() % 8), double(rng() % 3)};
    std::vector<size_t> brute;
    for (size_t i = 0; i < costs.size(); ++i) {
      bool dominated = false;
      for (size_t j = 0; j < costs.size(); ++j)
        dominated = dominated || dominates(costs[j], costs[i]);
      if (!dominated) brute.push_back(i);
    }
    CHECK(pareto_front(costs) == brute);
  }
}

namespace {

// A spec whose arch file is an axis: no [base] arch, the listed files instead.
std::string arch_axis_spec(const std::string& name, const std::string& files,
                           const std::string& more_axes) {
  const std::string path = "/tmp/xpusim_test_sweep_" + name + ".toml";
  std::ofstream(path) << fmt::format(
      "[base]\nworkload = \"{}\"\n\n[scenario]\nphase = \"decode\"\ncontext = 512\n\n"
      "[axes.base]\narch = [{}]\n{}",
      test::repo("workloads/llama3_8b.toml"), files, more_axes);
  return path;
}

std::string quoted(const std::string& repo_path) {
  return fmt::format("\"{}\"", test::repo(repo_path));
}

}  // namespace

TEST_CASE("an arch-file axis runs each point on its own file and a tp axis splits the model") {
  const auto spec = load_sweep_spec(arch_axis_spec(
      "arch_axis", fmt::format("{}, {}", quoted("archs/h100_sxm.toml"), quoted("archs/h200.toml")),
      "[axes.scenario]\ntp = [1, 2]\n"));
  REQUIRE(spec.axes.size() == 2);
  CHECK(spec.axes[0].column == "base.arch");  // the file varies slowest
  const auto points = design_points(spec);
  REQUIRE(points.size() == 4);
  std::vector<Metrics> m;
  for (const auto& p : points) {
    const auto r = evaluate_point(spec, p);
    REQUIRE_MESSAGE(r.status == "ok", r.reason);
    m.push_back(*r.metrics);
  }
  CHECK(m[0].chips == 1);
  CHECK(m[1].chips == 2);
  CHECK(m[1].hbm_stacks == 2 * m[0].hbm_stacks);
  // Batch-1 decode streams the weights from HBM: one step takes about weight bytes / bandwidth,
  // so the H200 (4.8 TB/s) beats the H100 (3.35 TB/s) by about their ratio, 1.43 (within 15%:
  // the KV-cache reads and the fixed per-kernel costs do not scale with bandwidth).
  CHECK(m[2].tokens_per_s / m[0].tokens_per_s == doctest::Approx(4.8 / 3.35).epsilon(0.15));
  // Each point's id covers the file it runs on: the same tp on another file is another point.
  CHECK(points[0].id != points[2].id);
}

TEST_CASE("an arch key swept with several arch files is checked against each of them") {
  // The Groq chip has no DRAM, so a DRAM bandwidth axis cannot apply to it.
  const auto e = error_of(arch_axis_spec(
      "arch_axis_key",
      fmt::format("{}, {}", quoted("archs/h100_sxm.toml"), quoted("archs/groq_lpu.toml")),
      "[axes.arch]\nmemory.dram.bandwidth_tbs = [2.0]\n"));
  CHECK(e.key() == "axes.arch.memory.dram.bandwidth_tbs");
  CHECK(std::string(e.what()).find("groq_lpu.toml") != std::string::npos);
}

TEST_CASE("an arch-file axis naming a missing file, or one file twice, is refused at its line") {
  const auto missing =
      error_of(arch_axis_spec("arch_axis_missing", quoted("archs/no_such_chip.toml"), ""));
  CHECK(missing.key() == "axes.base.arch");
  CHECK(missing.line() == 9);
  const auto twice = error_of(arch_axis_spec(
      "arch_axis_twice",
      fmt::format("{}, {}", quoted("archs/h100_sxm.toml"), quoted("archs/h100_sxm.toml")), ""));
  CHECK(std::string(twice.what()).find("listed twice") != std::string::npos);
}
