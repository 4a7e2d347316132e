// SPDX-License-Identifier: MIT
// `xpusim report` end to end: the three files, byte-identical across runs, a clock only on request.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <sys/wait.h>
#include <unistd.h>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "test_files.h"
#include "test_paths.h"

namespace {

namespace fs = std::filesystem;
using xpu::test::read_file;

int run_xpusim(const std::string& args) {
  std::string cmd = fmt::format("{} {} >/dev/null 2>&1", XPU_BINARY, args);
  int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / fmt::format("xpusim_report_cli_{}", getpid());
  TempDir() { fs::remove_all(path); }
  ~TempDir() { fs::remove_all(path); }
};

// A registry of three fast figures, one outside its tolerance with its gap: the whole registry
// is checked figure by figure (tests/validation), and would make this test minutes long under
// the sanitizers.
std::string small_registry(const fs::path& folder) {
  const fs::path file = folder / "registry.toml";
  fs::create_directories(folder);
  const std::string text = fmt::format(
      "[[figure]]\nid = \"decode\"\nwhat = \"H100 Llama 3.1 8B decode\"\n"
      "metric = \"decode_tokens_per_s_per_user\"\npublished = 140\nsource = \"P: test\"\n"
      "tolerance = 0.30\narch = \"{0}\"\nworkload = \"{1}\"\nbatch = 1\ncontext = 1000\n\n"
      "[[figure]]\nid = \"gemm\"\nwhat = \"H100 fp8 GEMM\"\nmetric = \"gemm_tflops_per_s\"\n"
      "published = 1410\nsource = \"P: test\"\ntolerance = 0.15\narch = \"{0}\"\n"
      "m = 4096\nn = 4096\nk = 7168\ndtype = \"fp8\"\n\n"
      "[[figure]]\nid = \"short_k\"\nwhat = \"H100 fp8 GEMM, short K\"\n"
      "metric = \"gemm_tflops_per_s\"\npublished = 775\nsource = \"P: test\"\n"
      "tolerance = 0.15\narch = \"{0}\"\nm = 4096\nn = 32768\nk = 512\ndtype = \"fp8\"\n"
      "gap = \"epilogues\"\n",
      xpu::test::repo("archs/h100_sxm.toml"), xpu::test::repo("workloads/llama31_8b.toml"));
  std::ofstream(file) << text;
  return file.string();
}

}  // namespace

TEST_CASE(
    "cli: report writes index.html, summary.md, table.csv, validation.csv and lessons.html, the "
    "same bytes twice") {
  TempDir tmp;
  const std::string args =
      fmt::format("report --workloads llama3_8b,llama3_70b --max-batch 8 --validation {}",
                  small_registry(tmp.path / "registry"));
  REQUIRE(run_xpusim(fmt::format("{} --out {}", args, (tmp.path / "a").string())) == 0);
  REQUIRE(run_xpusim(fmt::format("{} --out {}", args, (tmp.path / "b").string())) == 0);
  CHECK(read_file(tmp.path / "a" / "validation.csv").find("short_k") != std::string::npos);
  for (auto name : {"index.html", "summary.md", "table.csv", "validation.csv", "lessons.html"}) {
    const std::string a = read_file(tmp.path / "a" / name);
    CHECK_MESSAGE(!a.empty(), name);
    CHECK_MESSAGE(a == read_file(tmp.path / "b" / name), name);
  }
  // Written atomically (temporary file, then rename): only the five files remain.
  for (const auto& e : fs::directory_iterator(tmp.path / "a")) {
    const std::string name = e.path().filename().string();
    CHECK_MESSAGE((name == "index.html" || name == "summary.md" || name == "table.csv" ||
                   name == "validation.csv" || name == "lessons.html"),
                  name);
  }
  CHECK(read_file(tmp.path / "a" / "index.html").find("Generated at") == std::string::npos);
  REQUIRE(run_xpusim(fmt::format("{} --timestamp --out {}", args, (tmp.path / "c").string())) == 0);
  CHECK(read_file(tmp.path / "c" / "index.html").find("Generated at") != std::string::npos);
  CHECK(read_file(tmp.path / "c" / "table.csv") == read_file(tmp.path / "a" / "table.csv"));
}

TEST_CASE("cli: report on a missing arch folder is a usage error") {
  TempDir tmp;
  CHECK(run_xpusim(fmt::format("report --arch-dir no/such/dir --out {}", tmp.path.string())) != 0);
  CHECK(!fs::exists(tmp.path / "index.html"));
}
