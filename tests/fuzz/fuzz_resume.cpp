// SPDX-License-Identifier: MIT
// libFuzzer target: the sweep resume path. The fuzz bytes become what a sweep finds in its
// output folder: up to the first NUL byte `manifest.json`, after it `results.jsonl`. The real
// sweep (tests/data/sweep_small.toml, 12 points) then runs into that folder with an executor
// that evaluates nothing: the manifest check, the line parser, the validation of resumed
// records, the truncation and the rewriting of results.csv and pareto.csv all see fuzzed data.
// A ConfigError (a folder that cannot be resumed) is an expected end; anything else is a finding.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/error.h"
#include "sweep/design.h"
#include "sweep/run_sweep.h"
#include "sweep/sweep_spec.h"

namespace {

namespace fs = std::filesystem;

struct Fixture {
  xpu::sweep::SweepSpec spec = xpu::sweep::load_sweep_spec("tests/data/sweep_small.toml");
  std::vector<xpu::sweep::Point> points = xpu::sweep::design_points(spec);
  fs::path dir = fs::temp_directory_path() / ("xpusim_fuzz_resume_" + std::to_string(getpid()));
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture f;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const size_t nul = bytes.find('\0');
  std::error_code ec;
  fs::remove_all(f.dir, ec);
  fs::create_directories(f.dir);
  std::ofstream(f.dir / "manifest.json", std::ios::binary) << bytes.substr(0, nul);
  std::ofstream(f.dir / "results.jsonl", std::ios::binary)
      << (nul == std::string::npos ? "" : bytes.substr(nul + 1));
  try {
    xpu::sweep::run_sweep(f.spec, f.points, f.dir.string(),
                          [](const std::vector<size_t>&, const auto&) {});
  } catch (const xpu::ConfigError&) {
  }
  return 0;
}
