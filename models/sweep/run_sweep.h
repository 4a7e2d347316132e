// SPDX-License-Identifier: MIT
#pragma once
// Runs a sweep into a folder: DIR/sweep.toml (the spec), DIR/results.jsonl and DIR/results.csv
// (one line per point, in point order, resumable) and DIR/pareto.csv. Who evaluates the points
// is the executor's business (threads here, MPI ranks in the CLI); the files come out the same.
#include <functional>
#include <string>
#include <vector>

#include "sweep/design.h"
#include "sweep/record.h"
#include "sweep/sweep_spec.h"

namespace xpu::sweep {

// Evaluates the points whose indices are in `todo`, in any order and concurrently, handing each
// record to `done` (which is thread-safe). Rethrows the first internal error, if any.
using Executor =
    std::function<void(const std::vector<size_t>& todo, const std::function<void(Record)>& done)>;

// `jobs` threads, each evaluating the next unclaimed point with `engine` (which must be
// thread-safe, as the analytic engine is).
Executor thread_pool(const SweepSpec& spec, const std::vector<Point>& points, int jobs,
                     Engine engine = analytical::evaluate);

// One forked process per point, at most `jobs` at once, evaluating it with `engine`: for engines
// that allow one evaluation per process (SystemC). Records come back as results.jsonl lines, so
// they are the ones the threads would give.
Executor process_pool(const SweepSpec& spec, const std::vector<Point>& points, int jobs,
                      Engine engine);

struct Summary {
  size_t points = 0;
  size_t resumed = 0;
  size_t evaluated = 0;
  size_t ok = 0;         // over all points, resumed included
  size_t not_ok = 0;     // infeasible or invalid, with their reason in the results
  size_t discarded = 0;  // torn or foreign lines dropped from results.jsonl
  size_t pareto = 0;     // points on the front
  double seconds = 0.0;
  std::vector<Record> records;  // one per point, in point order
  std::vector<size_t> front;    // indices of the points on the Pareto front
};

Summary run_sweep(const SweepSpec& spec, const std::vector<Point>& points, const std::string& dir,
                  const Executor& executor);

// Pareto front of the ok records over tokens/s (max), J/token (min), HBM stacks (min) and, when
// every ok record has one, chip cost (min).
std::vector<size_t> pareto_of(const std::vector<Record>& records);

}  // namespace xpu::sweep
