// SPDX-License-Identifier: MIT
#pragma once
// What a sweep keeps of one point, and its two line formats: results.jsonl (the resume log) and
// results.csv. Numbers are rounded to 9 significant digits when the record is made, so that a
// record read back from results.jsonl is identical to the one that was written.
#include <optional>
#include <string>
#include <vector>

#include "analytical/evaluate.h"
#include "compiler/plan.h"
#include "machine/machine.h"
#include "result/engine.h"
#include "result/result.h"

#include "sweep/design.h"
#include "sweep/sweep_spec.h"

namespace xpu::sweep {

struct Metrics {
  double tokens_per_s = 0.0;
  double energy_j_per_token = 0.0;
  double latency_s = 0.0;
  double avg_power_w = 0.0;
  double mfu = 0.0;
  double memory_bytes = 0.0;
  int64_t chips = 1;
  int64_t hbm_stacks = 0;          // memory.dram.stacks x chips; 0 without HBM
  std::optional<double> cost_usd;  // manufacturing cost of the replica's chips; needs [package]
  std::string bound;               // the bound of the ops taking most of the step time
};

struct Record {
  size_t index = 0;
  std::string id;
  std::string status;  // "ok" | "infeasible" (does not fit, unsupported) | "invalid" (values clash)
                       // | "error" (an internal error of the model on this point)
  std::string reason;  // why not ok
  std::optional<Metrics> metrics;  // when ok
};

// Evaluates one point; never throws for a bad point (its reason is recorded). Thread-safe with
// the analytic engine: every call decodes and compiles its own specs and plan.
Record evaluate_point(const SweepSpec& spec, const Point& point,
                      const Engine& engine = analytical::evaluate);

std::string to_jsonl(const SweepSpec& spec, const Point& point, const Record& r);  // no newline
// The record of a results.jsonl line, or nullopt when the line is not one (torn, edited).
std::optional<Record> from_jsonl(const std::string& line);

std::string csv_header(const SweepSpec& spec);  // no newline
std::string to_csv(const Point& point, const Record& r);

}  // namespace xpu::sweep
