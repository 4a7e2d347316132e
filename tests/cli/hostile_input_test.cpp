// SPDX-License-Identifier: MIT
// The cases of issue 14 that are not a bad file: command-line numbers, special files as inputs,
// outputs that would overwrite an input or follow a link, concurrent and resumed sweeps. Each
// must end in a one-line error with its exit code (2 bad input, 3 infeasible, 1 flag misuse),
// or in a correct result; never a signal, a hang, or a changed input. docs/reliability.md lists
// them with the message each gives.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "run_xpusim.h"
#include "test_files.h"

namespace {

namespace fs = std::filesystem;

using xpu::test::read_file;
using xpu::test::xpusim;

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A fresh folder per test case (each case is its own process), removed at exit.
fs::path temp_dir(const std::string& name) {
  static const struct ProcessDir {
    fs::path path = fs::temp_directory_path() / fmt::format("xpusim_hostile_{}", getpid());
    ~ProcessDir() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  } root;
  const fs::path dir = root.path / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

const std::string kRun =
    "run --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --phase decode --context "
    "16";

// One line on stderr, starting "error:", holding `fragment`; nothing on stdout.
void check_refused(const std::string& args, int exit_code, const std::string& fragment) {
  CAPTURE(args);
  const auto out = xpusim(args, "2>&1 >/dev/null");
  CHECK(out.exit_code == exit_code);
  CHECK(out.out.find(fragment) != std::string::npos);
  CHECK(out.out.size() < 300);  // a short message, not 300 digits
  CHECK(std::count(out.out.begin(), out.out.end(), '\n') == 1);
}

}  // namespace

TEST_CASE(
    "cli: numbers on the command line outside their range, NaN or overflowing exit 2 naming the "
    "flag") {
  check_refused(kRun + " --batch 99999999999999999999", 2,
                "--batch: 99999999999999999999 is out of range");
  check_refused(kRun + " --batch 0", 2,
                "--batch: 0 is out of range: expected a whole number from 1 to 1073741824");
  check_refused(kRun + " --batch 1.5", 2, "--batch: '1.5' is not a whole number");
  check_refused(kRun + " --chips 4611686018427387904", 2,
                "--chips: 4611686018427387904 is out of range");
  check_refused(
      "serve --arch archs/h100_sxm.toml --scenario "
      "workloads/scenarios/mlperf_llama2_70b_offline.toml "
      "--chips 4611686018427387904",
      2, "--chips: 4611686018427387904 is out of range");
  check_refused("sweep tests/data/sweep_small.toml --jobs 100000", 2,
                "--jobs: 100000 is out of range");
  check_refused("report --out /nonexistent/never --max-batch 4611686018427387904", 2,
                "--max-batch: 4611686018427387904");
  const std::string wall =
      "latency-wall --system systems/dgx_h100_ib.toml --workload workloads/llama3_8b.toml";
  check_refused(wall + " --months nan", 2, "--months: 'nan' is not a number above 0");
  check_refused(wall + " --months 1e308", 2, "--months: 1e308 is out of range");
  check_refused(wall + " --layer-latency-us nan", 2, "--layer-latency-us: 'nan' is not");
  check_refused(
      "fleet --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --tokens-per-s nan", 2,
      "--tokens-per-s: 'nan' is not");
  check_refused(
      "fleet --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --tokens-per-s inf", 2,
      "--tokens-per-s: 'inf' is not");
}

TEST_CASE("cli: a --parallel degree given twice is refused, not overwritten by the last") {
  const auto out = xpusim(kRun + " --parallel tp=2,tp=4");
  CHECK(out.exit_code == 1);
  CHECK(out.out.find("'tp' is given twice") != std::string::npos);
}

TEST_CASE("cli: a FIFO, a device or a folder as an input is refused at once") {
  const auto dir = temp_dir("special");
  const auto fifo = dir / "arch.fifo";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  // Before the fix this blocked forever waiting for a writer (CTest's timeout ends it).
  const auto f = xpusim(
      fmt::format("run --arch {} --workload workloads/llama3_8b.toml --phase decode --context 16",
                  fifo.string()),
      "2>&1");
  CHECK(f.exit_code == 2);
  CHECK(f.out.find("is a FIFO, not a regular file") != std::string::npos);
  const auto z = xpusim(
      "run --arch /dev/zero --workload workloads/llama3_8b.toml --phase decode --context 16");
  CHECK(z.exit_code == 2);
  CHECK(z.out.find("/dev/zero: is a device, not a regular file") != std::string::npos);
}

TEST_CASE(
    "cli: calibrate --out naming an input, a symlink or a device is refused and changes nothing") {
  const auto dir = temp_dir("calibrate_out");
  const auto measurements = dir / "m.json";
  fs::copy_file("calibration/measurements/h100-sxm-microbench.json", measurements);
  const std::string before = read_file(measurements);
  const auto same =
      xpusim(fmt::format("calibrate --measurements {0} --out {0}", measurements.string()));
  CHECK(same.exit_code == 2);
  CHECK(same.out.find("it is an input of this run") != std::string::npos);
  CHECK(read_file(measurements) == before);

  const auto target = dir / "target.toml";
  write(target, "keep me\n");
  fs::create_symlink(target, dir / "link.toml");
  const auto link = xpusim(fmt::format("calibrate --measurements {} --out {}",
                                       measurements.string(), (dir / "link.toml").string()));
  CHECK(link.exit_code == 2);
  CHECK(link.out.find("it is a symbolic link") != std::string::npos);
  CHECK(read_file(target) == "keep me\n");

  const auto device =
      xpusim(fmt::format("calibrate --measurements {} --out /dev/null", measurements.string()));
  CHECK(device.exit_code == 2);
  CHECK(device.out.find("not a regular file") != std::string::npos);
}

TEST_CASE(
    "cli: calibrate refuses measurements with a zero GEMM time or no GEMMs, and writes nothing") {
  const auto dir = temp_dir("calibrate_zero");
  std::string text = read_file("calibration/measurements/h100-sxm-microbench.json");
  const auto s = text.find("\"s\":");
  REQUIRE(s != std::string::npos);
  const auto end = text.find_first_of(",}", s);
  std::string zero = text;
  zero.replace(s, end - s, "\"s\": 0");
  write(dir / "zero.json", zero);
  const auto out = dir / "fitted.toml";
  const auto z = xpusim(fmt::format("calibrate --measurements {} --out {}",
                                    (dir / "zero.json").string(), out.string()));
  CHECK(z.exit_code == 2);
  CHECK(z.out.find("must be a finite number > 0, got 0") != std::string::npos);
  CHECK_FALSE(fs::exists(out));

  const auto g = text.find("\"gemm\"");
  REQUIRE(g != std::string::npos);
  const auto open = text.find('[', g);
  int depth = 0;
  size_t close = open;
  for (; close < text.size(); ++close) {
    depth += text[close] == '[' ? 1 : text[close] == ']' ? -1 : 0;
    if (depth == 0) break;
  }
  std::string empty = text;
  empty.replace(open, close - open + 1, "[]");
  write(dir / "empty.json", empty);
  const auto e = xpusim(fmt::format("calibrate --measurements {} --out {}",
                                    (dir / "empty.json").string(), out.string()));
  CHECK(e.exit_code == 2);
  CHECK(e.out.find("gemm: no GEMM points") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE(
    "cli: a sweep refuses a symlinked results.csv, a second writer and a resume after its inputs "
    "changed") {
  const auto dir = temp_dir("sweep_guard");
  const auto spec_dir = dir / "spec";
  fs::create_directories(spec_dir);
  // The spec and its base files are copies, so that the test can change one.
  fs::copy_file("archs/h100_sxm.toml", spec_dir / "h100.toml");
  fs::copy_file("workloads/llama3_8b.toml", spec_dir / "llama.toml");
  std::string arch = read_file(spec_dir / "h100.toml");
  const std::string cal = "calibration = \"../calibration/gpu_efficiency.toml\"";
  REQUIRE(arch.find(cal) != std::string::npos);
  arch.replace(arch.find(cal), cal.size(), "calibration = \"cal.toml\"");
  // The other files it names stay the repository's.
  for (size_t at = arch.find("= \"../"); at != std::string::npos; at = arch.find("= \"../", at)) {
    arch.replace(at, 5, "= \"" + fs::current_path().string() + "/");
  }
  write(spec_dir / "h100.toml", arch);
  fs::copy_file("calibration/gpu_efficiency.toml", spec_dir / "cal.toml");
  write(spec_dir / "s.toml",
        "[base]\narch = \"h100.toml\"\nworkload = \"llama.toml\"\n\n[scenario]\nphase = "
        "\"decode\"\ncontext = 1024\n\n"
        "[axes.scenario]\nbatch = [1, 2, 4]\n");
  const std::string spec = (spec_dir / "s.toml").string();

  const auto out = dir / "out";
  fs::create_directories(out);
  write(dir / "victim.csv", "precious\n");
  fs::create_symlink(dir / "victim.csv", out / "results.csv");
  const auto link = xpusim(fmt::format("sweep {} --out {} --jobs 1", spec, out.string()));
  CHECK(link.exit_code == 2);
  CHECK(link.out.find("it is a symbolic link") != std::string::npos);
  CHECK(read_file(dir / "victim.csv") == "precious\n");
  fs::remove(out / "results.csv");

  // Another process holds the folder's lock: the second sweep is refused, not interleaved.
  {
    const int fd = ::open((out / ".lock").c_str(), O_CREAT | O_RDWR, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
    const auto locked = xpusim(fmt::format("sweep {} --out {} --jobs 1", spec, out.string()));
    CHECK(locked.exit_code == 2);
    CHECK(locked.out.find("another xpusim sweep is writing to this folder") != std::string::npos);
    ::close(fd);
  }

  const auto first = xpusim(fmt::format("sweep {} --out {} --jobs 1", spec, out.string()));
  REQUIRE(first.exit_code == 0);
  const std::string results = read_file(out / "results.jsonl");
  CHECK(read_file(out / "manifest.json").find("cal.toml") != std::string::npos);

  // A resumed line claiming -5 tokens/s is not trusted: it and the lines after it are redone.
  std::string edited = results;
  const auto tps = edited.find("\"tokens_per_s\":");
  REQUIRE(tps != std::string::npos);
  edited.replace(tps, edited.find_first_of(",}", tps) - tps, "\"tokens_per_s\":-5");
  write(out / "results.jsonl", edited);
  const auto again = xpusim(fmt::format("sweep {} --out {} --jobs 1", spec, out.string()));
  CHECK(again.exit_code == 0);
  CHECK(read_file(out / "results.jsonl") == results);

  // The calibration the base arch names changed: the old points must not be mixed with new ones.
  write(spec_dir / "cal.toml", read_file(spec_dir / "cal.toml") + "\n# edited\n");
  const auto changed = xpusim(fmt::format("sweep {} --out {} --jobs 1", spec, out.string()));
  CHECK(changed.exit_code == 2);
  CHECK(changed.out.find("cal.toml has changed since") != std::string::npos);
  CHECK(read_file(out / "results.jsonl") == results);
}

TEST_CASE("cli: serve on an SRAM-only chip reports the chips the step used, or refuses too few") {
  const std::string scenario = "workloads/scenarios/mlperf_llama2_70b_offline.toml";
  const auto refused =
      xpusim(fmt::format("serve --arch archs/groq_lpu.toml --scenario {} --chips 1", scenario),
             "2>&1 >/dev/null");
  CHECK(refused.exit_code == 3);
  CHECK(refused.out.find("needs") != std::string::npos);
  const auto fewest =
      xpusim(fmt::format("serve --arch archs/groq_lpu.toml --scenario {} --json", scenario),
             "2>/dev/null");
  REQUIRE(fewest.exit_code == 0);
  CHECK(fewest.out.find("\"chips\": 1,") == std::string::npos);
}

TEST_CASE(
    "cli: serve lays a Groq system over the --chips given, and says why a wafer cannot run a "
    "scenario") {
  const std::string scenario = "workloads/scenarios/mlperf_llama2_70b_offline.toml";
  const auto groq = xpusim(
      fmt::format("serve --arch archs/groq_lpu.toml --scenario {} --chips 576 --json", scenario),
      "2>/dev/null");
  REQUIRE(groq.exit_code == 0);
  CHECK(groq.out.find("\"chips\": 576") != std::string::npos);
  // The scenario runs fp8, which the wafer has no peak for: the placement's own reason, not
  // "no layout fits".
  const auto wafer =
      xpusim(fmt::format("serve --arch archs/cerebras_wse3.toml --scenario {} --chips 4", scenario),
             "2>&1 >/dev/null");
  CHECK(wafer.exit_code == 3);
  CHECK(wafer.out.find("fp8") != std::string::npos);
  CHECK(wafer.out.find("no layout fits") == std::string::npos);
}

TEST_CASE("cli: --version names the version and the commit") {
  const auto out = xpusim("--version");
  CHECK(out.exit_code == 0);
  CHECK(out.out.find("xpusim 0.1.0 (commit ") == 0);
}

TEST_CASE("cli: --chips on a GPU without --parallel says which layout flag to pass") {
  const auto out = xpusim(kRun + " --chips 8", "2>&1 >/dev/null");
  CHECK(out.exit_code == 1);
  CHECK(out.out.find("pass --parallel tp=8") != std::string::npos);
}
