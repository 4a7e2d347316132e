// SPDX-License-Identifier: MIT
#pragma once
// The catalogue of bad inputs in tests/data/bad/<kind>/*.toml. Each file states, in its first
// comment lines, what it gets wrong and what the error must say:
//   # expect: <fragment of the message, starting with the dotted key when there is one>
//   # line: <line the message must name; 0 when it names no line>
//   # exit: <xpusim exit code; 2 when absent, 3 for a well-formed but infeasible request>
// <kind> picks the loader: arch, workload, scenario (serving), system, or infeasible (a
// workload that loads but cannot run on one H100).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace xpu::test {

struct BadInput {
  std::string kind;
  std::string path;  // relative to the repository root, which is the tests' working directory
  std::string expect;
  int line = -1;
  int exit_code = 2;

  // What the message must contain: "<path>:<line>: <expect>" (or "<path>: <expect>").
  std::string located() const {
    return line > 0 ? path + ":" + std::to_string(line) + ": " + expect : path + ": " + expect;
  }
};

inline std::vector<BadInput> bad_inputs() {
  namespace fs = std::filesystem;
  std::vector<BadInput> out;
  for (const auto& dir : fs::directory_iterator("tests/data/bad")) {
    if (!dir.is_directory()) continue;
    for (const auto& f : fs::directory_iterator(dir.path())) {
      if (f.path().extension() != ".toml") continue;
      BadInput b;
      b.kind = dir.path().filename().string();
      b.path = (fs::path("tests/data/bad") / b.kind / f.path().filename()).string();
      std::ifstream in(f.path());
      for (std::string l; std::getline(in, l) && l.rfind("# ", 0) == 0;) {
        auto field = [&](const std::string& name) {
          return l.rfind("# " + name + ": ", 0) == 0 ? l.substr(name.size() + 4) : std::string();
        };
        if (auto v = field("expect"); !v.empty()) b.expect = v;
        if (auto v = field("line"); !v.empty()) b.line = std::stoi(v);
        if (auto v = field("exit"); !v.empty()) b.exit_code = std::stoi(v);
      }
      out.push_back(b);
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

}  // namespace xpu::test
