// SPDX-License-Identifier: MIT
// `xpusim sweep` and `xpusim explain` as a user runs them: files, resume, determinism, exit codes.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "run_xpusim.h"
#include "test_files.h"

namespace {

namespace fs = std::filesystem;

using xpu::test::read_file;
using xpu::test::xpusim;

// A fresh folder named after the test. Each test case is its own process with its own parent
// folder, so test runs of two build trees on one machine stay out of each other's files; it is
// removed when the process exits.
fs::path temp_dir(const std::string& name) {
  static const struct ProcessDir {
    fs::path path = fs::temp_directory_path() / fmt::format("xpusim_sweep_{}", getpid());
    ~ProcessDir() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  } process;
  const fs::path dir = process.path / name;
  fs::remove_all(dir);
  return dir;
}

xpu::test::CommandOutput sweep(const fs::path& out, int jobs) {
  return xpusim(
      fmt::format("sweep tests/data/sweep_small.toml --out {} --jobs {}", out.string(), jobs));
}

}  // namespace

TEST_CASE("cli: sweep writes one line per point, the spec and a Pareto front") {
  const auto dir = temp_dir("files");
  const auto o = sweep(dir, 2);
  REQUIRE_MESSAGE(o.exit_code == 0, o.out);
  CHECK(o.out.find("sweep: 12 points") != std::string::npos);
  const std::string jsonl = read_file(dir / "results.jsonl");
  CHECK(std::count(jsonl.begin(), jsonl.end(), '\n') == 12);
  CHECK(jsonl.find("\"status\":\"infeasible\",\"reason\":\"Llama 3 8B does not fit") !=
        std::string::npos);
  const std::string csv = read_file(dir / "results.csv");
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 13);
  CHECK(csv.rfind(
            "index,id,arch.memory.dram.bandwidth_tbs,workload.model.layers,scenario.batch,status",
            0) == 0);
  CHECK(read_file(dir / "sweep.toml") == read_file("tests/data/sweep_small.toml"));
  const std::string pareto = read_file(dir / "pareto.csv");
  CHECK(std::count(pareto.begin(), pareto.end(), '\n') >= 2);
}

TEST_CASE("cli: sweep output is byte-identical with one thread and with two") {
  const auto one = temp_dir("jobs1");
  const auto two = temp_dir("jobs2");
  REQUIRE(sweep(one, 1).exit_code == 0);
  REQUIRE(sweep(two, 2).exit_code == 0);
  for (const char* f : {"results.jsonl", "results.csv", "pareto.csv"}) {
    CHECK_MESSAGE(read_file(one / f) == read_file(two / f), f);
  }
}

TEST_CASE("cli: a sweep killed mid-line resumes without losing or duplicating points") {
  const auto full = temp_dir("full");
  const auto cut = temp_dir("cut");
  REQUIRE(sweep(full, 2).exit_code == 0);
  REQUIRE(sweep(cut, 2).exit_code == 0);
  // What SIGKILL leaves: five whole lines and half of the sixth.
  const std::string jsonl = read_file(cut / "results.jsonl");
  size_t end = 0;
  for (int line = 0; line < 5; ++line) end = jsonl.find('\n', end) + 1;
  const size_t torn = end + (jsonl.find('\n', end) - end) / 2;
  fs::resize_file(cut / "results.jsonl", torn);

  const auto o = sweep(cut, 2);
  REQUIRE_MESSAGE(o.exit_code == 0, o.out);
  CHECK(o.out.find("5 resumed, 7 evaluated") != std::string::npos);
  CHECK(o.out.find("dropped 1 torn") != std::string::npos);
  for (const char* f : {"results.jsonl", "results.csv", "pareto.csv"}) {
    CHECK_MESSAGE(read_file(cut / f) == read_file(full / f), f);
  }
  // A finished sweep run again evaluates nothing.
  CHECK(sweep(cut, 2).out.find("12 resumed, 0 evaluated") != std::string::npos);
  CHECK(read_file(cut / "results.jsonl") == read_file(full / "results.jsonl"));
}

TEST_CASE("cli: a sweep killed with SIGKILL and restarted loses and duplicates no finished point") {
  const auto full = temp_dir("sigkill_full");
  const auto cut = temp_dir("sigkill_cut");
  const std::string spec = "tests/data/sweep_long.toml";
  REQUIRE(xpusim(fmt::format("sweep {} --out {} --jobs 2", spec, full.string())).exit_code == 0);

  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const std::string out = cut.string();
    execl(XPU_BINARY, XPU_BINARY, "sweep", spec.c_str(), "--out", out.c_str(), "--jobs", "2",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it once some points are on disk (or when it has run long enough to have some).
  for (int i = 0; i < 400 && (!fs::exists(cut / "results.jsonl") ||
                              fs::file_size(cut / "results.jsonl") < 4096);
       ++i) {
    usleep(10000);
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  const std::string partial = read_file(cut / "results.jsonl");
  const auto lines_before = std::count(partial.begin(), partial.end(), '\n');
  MESSAGE("killed after " << lines_before << " complete lines");

  const auto o = xpusim(fmt::format("sweep {} --out {} --jobs 2", spec, cut.string()));
  REQUIRE_MESSAGE(o.exit_code == 0, o.out);
  for (const char* f : {"results.jsonl", "results.csv", "pareto.csv"}) {
    CHECK_MESSAGE(read_file(cut / f) == read_file(full / f), f);
  }
}

TEST_CASE("cli: a sweep axis naming a missing key exits 2 naming the sweep file and line") {
  const auto dir = temp_dir("typo");
  fs::create_directories(dir);
  std::string spec = read_file("tests/data/sweep_small.toml");
  spec.replace(spec.find("bandwidth_tbs"), 13, "bandwith_tbs");
  std::ofstream(dir / "typo.toml") << spec;
  // Relative base paths resolve against the spec's folder: give them absolute ones.
  const auto o = xpusim(
      fmt::format("sweep {} --out {}", (dir / "typo.toml").string(), (dir / "out").string()));
  CHECK(o.exit_code == 2);
  CHECK(o.out.find("typo.toml:") != std::string::npos);
}

TEST_CASE("cli: explain says what bounds a small-batch decode and what would change it") {
  const auto o = xpusim(
      "explain --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --phase decode "
      "--batch 8 "
      "--context 1024");
  REQUIRE_MESSAGE(o.exit_code == 0, o.out);
  CHECK(o.out.find("arithmetic intensity") != std::string::npos);
  CHECK(o.out.find("ridge point") != std::string::npos);
  CHECK(o.out.find("Verdict: memory-bound") != std::string::npos);
  CHECK(o.out.find("Doubling batch to 16") != std::string::npos);
  CHECK(o.out.find("Memory bandwidth +50% gives") != std::string::npos);
}

TEST_CASE("cli: explain calls a long prefill compute-bound") {
  const auto o = xpusim(
      "explain --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --phase prefill "
      "--batch 4 "
      "--prompt 2048");
  REQUIRE_MESSAGE(o.exit_code == 0, o.out);
  CHECK(o.out.find("Intensity is above the ridge") != std::string::npos);
  CHECK(o.out.find("Verdict: compute-bound") != std::string::npos);
}

TEST_CASE("cli: sweep --report writes a page with the Pareto front and one chart per axis") {
  const auto dir = temp_dir("report");
  const auto o = xpusim(
      fmt::format("sweep tests/data/sweep_tp_arch.toml --out {} --jobs 1 --report", dir.string()));
  REQUIRE_MESSAGE(o.exit_code == 0, o.out);
  CHECK(o.out.find("4 ok") != std::string::npos);
  const std::string html = read_file(dir / "index.html");
  CHECK(html.find("id=\"pareto\"") != std::string::npos);
  // The front chart, then one per axis (base.arch as bars, scenario.tp as lines).
  auto count = [&](const std::string& what) {
    size_t n = 0;
    for (size_t at = html.find(what); at != std::string::npos; at = html.find(what, at + 1)) ++n;
    return n;
  };
  CHECK(count("<svg") == 3);
  CHECK(count("<h3>") == 2);
  CHECK(html.find("h200") != std::string::npos);
  // The page is a pure function of the results: a rerun (all points resumed) writes it again.
  REQUIRE(xpusim(fmt::format("sweep tests/data/sweep_tp_arch.toml --out {} --jobs 1 --report",
                             dir.string()))
              .exit_code == 0);
  CHECK(read_file(dir / "index.html") == html);
}
