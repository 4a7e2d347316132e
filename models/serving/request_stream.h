// SPDX-License-Identifier: MIT
#pragma once
// The requests a serving simulation replays: when each arrives and how long its prompt and its
// answer are. Generated (Poisson, seeded) or read from a trace file.
#include <cstdint>
#include <string>
#include <vector>

#include "serving/serving_spec.h"

namespace xpu::serving {

struct Request {
  double arrival_s = 0.0;
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
};

// Poisson arrivals at `rate_per_s` until `duration_s` or `max_requests` (whichever ends first;
// either may be <= 0 for "no limit", not both), every request `input` in / `output` out. The
// gaps are -ln(1-u)/rate with u from std::mt19937_64(seed): the same on every platform.
std::vector<Request> poisson_requests(double rate_per_s, double duration_s, int64_t max_requests,
                                      uint64_t seed, int64_t input_tokens, int64_t output_tokens);

// Gives each request the lengths of a sample drawn uniformly from `samples` (its output only when
// `draw_output`), from std::mt19937_64 seeded apart from the arrival gaps' stream, so the arrival
// times stay those of poisson_requests with the same seed.
void draw_lengths(std::vector<Request>& requests, const std::vector<SampleLengths>& samples,
                  bool draw_output, uint64_t seed);

// A dataset's lengths, CSV with the header input_tokens,output_tokens and one sample per row
// (workloads/lengths/README.md). Throws ConfigError naming file and line.
std::vector<SampleLengths> load_sample_lengths(const std::string& path);

// A CSV trace with a header naming its columns, either
//   arrival_s,input_tokens,output_tokens                 (this project's format), or
//   TIMESTAMP,ContextTokens,GeneratedTokens               (Azure LLM inference trace 2023/2024,
//                                                         timestamps "YYYY-MM-DD HH:MM:SS[.f]").
// Arrivals are made relative to the first and sorted. Throws ConfigError naming file and line.
std::vector<Request> load_trace(const std::string& path);

}  // namespace xpu::serving
