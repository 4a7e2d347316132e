// SPDX-License-Identifier: MIT
#pragma once
// A sweep spec (docs/sweep.md): base arch and workload files, the phase and shape of the step,
// and axes that vary any key of either file by its dotted TOML path, the arch file itself (a
// list of files), or the scenario (batch, context, prompt, dtypes, software, parallel layout,
// chips). Axis values are checked here, one by one, through the same decoders as `run`, so that a
// bad value is an error located in the sweep file before anything runs.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "config/software.h"
#include "workload/scenario.h"

namespace xpu::sweep {

// A TOML scalar an axis sets.
using Value = std::variant<int64_t, double, bool, std::string>;

// The value as it reads in TOML and JSON (shortest round-trip for floats).
std::string to_text(const Value& v);

// kArchFile: the axis whose levels are arch files (`[axes.base] arch = [...]`), each point
// running on the file it names; kArch axes then vary a key of whichever file that is.
enum class Target { kArch, kWorkload, kScenario, kArchFile };

// The scenario keys an axis may vary.
const std::vector<std::string>& scenario_axis_keys();

struct Range {
  double min = 0.0;
  double max = 0.0;
  bool integer = false;  // both ends were TOML integers: samples are integers too
};

struct Axis {
  Target target = Target::kArch;
  std::string key;            // dotted path in the target file, or a scenario_axis_keys() entry
  std::string column;         // "arch.memory.dram.bandwidth_tbs": the results column
  int line = 0;               // in the sweep file
  std::vector<Value> levels;  // discrete values, or empty when `range` is set
  std::optional<Range> range;
};

enum class Method { kGrid, kRandom, kLatinHypercube };

// An input file as the spec names it, and its contents.
struct BaseFile {
  std::string file;  // resolved against the spec's folder
  std::string text;
};

struct SweepSpec {
  std::string file;                      // the spec's own path
  std::string text;                      // its contents, copied to DIR/sweep.toml
  std::string arch_file, workload_file;  // resolved against the spec's folder
  std::string arch_text, workload_text;  // their contents: part of every point id
  // The arch files of a kArchFile axis, one per level in level order; empty without one.
  std::vector<BaseFile> arch_files;
  workload::Scenario scenario;  // phase and base shape
  config::Software software = config::Software::kFused;  // [scenario] software, GPUs
  Method method = Method::kGrid;
  int64_t samples = 0;  // random, lhs
  uint64_t seed = 0;
  std::vector<Axis> axes;
  // Set by the caller, not the file: which engine evaluates the points. Part of every point's
  // id except for the analytic engine's (so ids from before engines were selectable resume).
  std::string engine = "analytic";
  // Set by the caller (--power-cap-w): the board power limit in place of the arch file's
  // power.tdp_w for every point. Part of the point ids when set.
  std::optional<double> power_cap_w;
};

// The arch file a point runs on: its kArchFile level, or the base arch.
BaseFile arch_of(const SweepSpec& spec, const std::vector<Value>& values);

// Throws ConfigError naming the sweep file, line and key; for an axis that names a key the
// target file lacks, with the nearest key of that file.
SweepSpec load_sweep_spec(const std::string& path);
// The same from text already read; `path` locates the base files it names.
SweepSpec decode_sweep_spec(std::string text, const std::string& path);

}  // namespace xpu::sweep
