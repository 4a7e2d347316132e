// SPDX-License-Identifier: MIT
// The bad-input catalogue through the binary: each file exits 2 (bad input) or 3 (infeasible),
// the message names file:line: key, and nothing is written half-way.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <sys/wait.h>
#include <unistd.h>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "bad_inputs.h"
#include "test_files.h"

namespace {

namespace fs = std::filesystem;
using xpu::test::read_file;

struct Output {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

struct TempDir {
  fs::path path = fs::temp_directory_path() / fmt::format("xpusim_bad_cli_{}", getpid());
  TempDir() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

Output xpusim(const std::string& args, const fs::path& err_file) {
  std::string cmd = fmt::format("{} {} 2>{}", XPU_BINARY, args, err_file.string());
  Output o;
  FILE* pipe = popen(cmd.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buf{};
  while (size_t n = fread(buf.data(), 1, buf.size(), pipe)) o.out.append(buf.data(), n);
  int status = pclose(pipe);
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.err = read_file(err_file);
  return o;
}

// The command that reads a catalogue file of this kind.
std::string command_for(const xpu::test::BadInput& b) {
  const std::string decode = "--phase decode --batch 1 --context 16 --json";
  if (b.kind == "arch")
    return fmt::format("run --arch {} --workload workloads/llama3_8b.toml {}", b.path, decode);
  if (b.kind == "workload" || b.kind == "infeasible") {
    return fmt::format("run --arch archs/h100_sxm.toml --workload {} {}", b.path, decode);
  }
  if (b.kind == "scenario")
    return fmt::format("serve --arch archs/h100_sxm.toml --chips 8 --scenario {} --json", b.path);
  if (b.kind == "system") {
    return fmt::format(
        "train --system {} --workload workloads/llama3_8b.toml --global-batch 8 --sequence 128",
        b.path);
  }
  FAIL("unknown catalogue folder tests/data/bad/" << b.kind);
  return "";
}

}  // namespace

TEST_CASE("cli: every bad input exits 2 or 3 with file:line: key on stderr and nothing on stdout") {
  TempDir tmp;
  const auto catalogue = xpu::test::bad_inputs();
  REQUIRE(catalogue.size() >= 50);
  for (const auto& b : catalogue) {
    const std::string args = command_for(b);
    INFO("xpusim " << args);
    const Output o = xpusim(args, tmp.path / "stderr");
    INFO("stderr: " << o.err);
    CHECK(o.exit_code == b.exit_code);
    CHECK(o.out.empty());
    if (b.exit_code == 3) {
      CHECK(o.err.find("error: infeasible: ") == 0);
      CHECK(o.err.find(b.expect) != std::string::npos);
    } else {
      CHECK(o.err.find("error: " + b.located()) == 0);
    }
  }
}

TEST_CASE("cli: report lists a bad arch file with its location and leaves no temporary files") {
  TempDir tmp;
  const fs::path archs = tmp.path / "archs";
  fs::create_directories(archs);
  fs::copy_file("archs/groq_lpu.toml", archs / "groq_lpu.toml");
  fs::copy_file("tests/data/bad/arch/nan_power.toml", archs / "nan_power.toml");
  const fs::path out = tmp.path / "out";
  const Output o =
      // No validation registry: these figures take minutes under the sanitizers and the bad
      // arch file is listed without them.
      xpusim(fmt::format("report --workloads llama3_8b --max-batch 2 --validation '' "
                         "--arch-dir {} --out {}",
                         archs.string(), out.string()),
             tmp.path / "stderr");
  INFO(o.out << o.err);
  REQUIRE(o.exit_code == 0);
  CHECK(read_file(out / "summary.md").find("nan_power.toml:") != std::string::npos);
  CHECK(read_file(out / "summary.md").find("power.tdp_w: must be a finite number") !=
        std::string::npos);
  for (const auto& e : fs::directory_iterator(out)) {
    const std::string name = e.path().filename().string();
    CHECK_MESSAGE((name == "index.html" || name == "summary.md" || name == "table.csv" ||
                   name == "validation.csv" || name == "lessons.html"),
                  name);
  }
}

TEST_CASE("cli: report into a folder that cannot be created exits 2 and writes nothing") {
  TempDir tmp;
  std::ofstream(tmp.path / "blocker") << "a file where the report folder would go\n";
  const fs::path out = tmp.path / "blocker" / "report";
  const Output o =
      // No validation registry: the folder is refused whatever the report holds.
      xpusim(fmt::format("report --workloads llama3_8b --max-batch 2 --validation '' --out {}",
                         out.string()),
             tmp.path / "stderr");
  INFO(o.out << o.err);
  CHECK(o.exit_code == 2);
  CHECK(o.err.find("error: " + out.string()) == 0);
  CHECK(o.out.empty());
  CHECK(read_file(tmp.path / "blocker") == "a file where the report folder would go\n");
}

TEST_CASE(
    "cli: a missing file on the command line is a usage error (1) naming it, inside a file 2") {
  TempDir tmp;
  const Output o = xpusim(
      "run --arch no/such/arch.toml --workload workloads/llama3_8b.toml --phase decode "
      "--context 16",
      tmp.path / "stderr");
  CHECK(o.exit_code == 1);
  CHECK(o.err.find("no/such/arch.toml") != std::string::npos);
  CHECK(o.out.empty());
  // A file a file refers to is that file's error, located at its key (catalogue: missing_*_file).
  const Output s = xpusim(
      "serve --arch archs/h100_sxm.toml --chips 8 "
      "--scenario tests/data/bad/scenario/missing_workload_file.toml",
      tmp.path / "stderr");
  CHECK(s.exit_code == 2);
  CHECK(s.err.find("scenario.workload: file not found") != std::string::npos);
}
