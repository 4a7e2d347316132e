// SPDX-License-Identifier: MIT
// The CLI with the SystemC engine. `xpusim run --engine systemc`: the flag reaches the engine,
// JSON gains `units`, --trace and --vcd write their files and are refused without the systemc
// engine. `xpusim sweep --engine systemc`: worker processes give the same files at any count.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "run_xpusim.h"
#include "test_files.h"

namespace {

using xpu::test::read_file;
using xpu::test::xpusim;

const std::string kDecode =
    "run --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --phase decode --batch 8 "
    "--context 1024 "
    "--layers 1";

}  // namespace

TEST_CASE("cli: run --engine systemc --json reports the systemc engine with per-unit utilisation") {
  const std::string trace = fmt::format("{}/xpusim_cli_trace_test.json",
                                        std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
  const auto o = xpusim(kDecode + " --engine systemc --json --trace " + trace);
  REQUIRE(o.exit_code == 0);
  const auto j = nlohmann::json::parse(o.out);
  CHECK(j["engine"] == "systemc");
  REQUIRE(j.contains("units"));
  std::vector<std::string> units;
  for (const auto& u : j["units"]) units.push_back(u.at("name"));
  CHECK(units == std::vector<std::string>{"gpu.m_sms", "gpu.m_hbm", "gpu.m_throttle", "gpu.m_l2",
                                          "gpu.m_xbar", "gpu.m_collectives.m_egress"});
  CHECK(j["latency_s"].get<double>() > 0.0);
  std::ifstream in(trace);
  REQUIRE(in);
  CHECK(nlohmann::json::parse(in).at("traceEvents").size() > 10);
  std::remove(trace.c_str());
  // The analytic engine's JSON has no `units`.
  CHECK_FALSE(nlohmann::json::parse(xpusim(kDecode + " --json").out).contains("units"));
}

TEST_CASE("cli: run --trace without --engine systemc is refused") {
  const auto o = xpusim(kDecode + " --trace /dev/null");
  CHECK(o.exit_code != 0);
  CHECK(o.out.find("--engine systemc") != std::string::npos);
}

TEST_CASE(
    "cli: run --vcd writes a waveform whose SM and stream signals change while the step runs") {
  const std::string vcd = fmt::format("{}/xpusim_cli_vcd_test.vcd",
                                      std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
  const auto o = xpusim(kDecode + " --engine systemc --json --vcd " + vcd);
  REQUIRE(o.exit_code == 0);
  const double latency_ps = nlohmann::json::parse(o.out).at("latency_s").get<double>() * 1e12;
  std::ifstream in(vcd);
  REQUIRE(in);
  // Header: "$var <type> <width> <id> <name> $end" inside "$scope module <m> $end" blocks.
  std::map<std::string, std::string> name_of;  // id -> scope.name
  std::vector<std::string> scope;
  std::map<std::string, int> changes;  // id -> value changes after time 0
  double last_ps = 0.0;                // the file's time unit is the kernel's 1 ps
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string w;
    words >> w;
    if (w == "$scope") {
      std::string kind, m;
      words >> kind >> m;
      scope.push_back(m);
    } else if (w == "$upscope") {
      scope.pop_back();
    } else if (w == "$var") {
      std::string type, width, id, name;
      words >> type >> width >> id >> name;
      std::string path;
      for (const auto& m : scope) path += m + ".";
      name_of[id] = path + name;
    } else if (!w.empty() && w[0] == '#') {
      last_ps = std::stod(w.substr(1));
    } else if (last_ps > 0.0 && !w.empty()) {
      // "1aaab" (a bit) or "r0.5 aaab" (a real): the id is the last word.
      std::string id = w.substr(1);
      if (w[0] == 'r' || w[0] == 'b') words >> id;
      ++changes[id];
    }
  }
  auto changed = [&](const std::string& path) {
    for (const auto& [id, name] : name_of) {
      if (name == path) return changes[id] > 0;
    }
    FAIL("no signal " << path);
    return false;
  };
  CHECK(changed("SystemC.gpu.m_sms_0.computing"));
  CHECK(changed("SystemC.gpu.m_hbm.bytes"));
  CHECK(changed("SystemC.gpu.m_scheduler.stream0.op"));
  CHECK(name_of.size() >= 132 + 3);  // every SM of an H100, a stream, the HBM, the collective unit
  // The waveform ends when the step does.
  CHECK(last_ps == doctest::Approx(latency_ps).epsilon(0.001));
  std::remove(vcd.c_str());
}

TEST_CASE("cli: run --vcd refuses a file name without .vcd, naming the flag") {
  const auto o = xpusim(kDecode + " --engine systemc --vcd /tmp/xpusim_waveform.txt");
  CHECK(o.exit_code == 2);
  CHECK(o.out.find("--vcd") != std::string::npos);
}

// The SystemC engine in a sweep: worker processes, one simulation each at a time.
TEST_CASE("cli: run --trace or --vcd naming an input or a device is refused and changes nothing") {
  const std::filesystem::path dir =
      std::filesystem::path(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") /
      fmt::format("xpusim_trace_{}", getpid());
  std::filesystem::create_directories(dir);
  const auto workload = dir / "w.toml";
  std::filesystem::copy_file("workloads/llama3_8b.toml", workload,
                             std::filesystem::copy_options::overwrite_existing);
  const std::string before = read_file(workload);
  const std::string run = fmt::format(
      "run --arch archs/h100_sxm.toml --workload {} --phase decode --batch 8 --context 1024 "
      "--layers 1 --engine systemc",
      workload.string());
  const auto trace = xpusim(run + " --trace " + workload.string(), "2>&1 >/dev/null");
  CHECK(trace.exit_code == 2);
  CHECK(trace.out.find("will not write the --trace file here: it is an input of this run") !=
        std::string::npos);
  const auto device = xpusim(run + " --trace /dev/null", "2>&1 >/dev/null");
  CHECK(device.exit_code == 2);
  CHECK(device.out.find("not a regular file") != std::string::npos);
  CHECK(read_file(workload) == before);
  const auto vcd = xpusim(
      "run --arch archs/groq_lpu.toml --workload workloads/llama3_8b.toml --phase decode --batch 1 "
      "--context 16 --engine systemc --vcd " +
          (dir / "w.vcd").string(),
      "2>&1 >/dev/null");
  CHECK(vcd.exit_code == 1);
  CHECK(vcd.out.find("--vcd: writes GPU waveforms only") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE(
    "cli: sweep --engine systemc gives the same files with 1 and 2 worker processes, within 15% of "
    "analytic") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / fmt::format("xpusim_systemc_sweep_{}", getpid());
  fs::remove_all(dir);
  const std::string spec = "tests/data/sweep_small.toml";
  auto sweep = [&](const std::string& name, const std::string& args) {
    const auto o = xpusim(fmt::format("sweep {} --out {} {}", spec, (dir / name).string(), args));
    REQUIRE_MESSAGE(o.exit_code == 0, o.out);
    std::vector<nlohmann::json> lines;
    std::ifstream in(dir / name / "results.jsonl");
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
  };
  auto text = [&](const std::string& name) { return read_file(dir / name / "results.csv"); };
  const auto one = sweep("one", "--engine systemc --jobs 1");
  const auto two = sweep("two", "--engine systemc --jobs 2");
  const auto analytic = sweep("analytic", "--jobs 2");
  CHECK(text("one") == text("two"));
  REQUIRE(one.size() == analytic.size());
  int ok = 0;
  for (size_t i = 0; i < one.size(); ++i) {
    CHECK(one[i]["id"] != analytic[i]["id"]);  // the engine is part of a point's id
    CHECK(one[i]["status"] == analytic[i]["status"]);
    if (one[i]["status"] != "ok") continue;
    ++ok;
    const double deviation =
        one[i]["tokens_per_s"].get<double>() / analytic[i]["tokens_per_s"].get<double>() - 1.0;
    CHECK(std::abs(deviation) <= 0.15);
  }
  CHECK(ok == 8);
  fs::remove_all(dir);
}
