// SPDX-License-Identifier: MIT
#include "serving/request_stream.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include "common/error.h"

namespace xpu::serving {

std::vector<Request> poisson_requests(double rate_per_s, double duration_s, int64_t max_requests,
                                      uint64_t seed, int64_t input_tokens, int64_t output_tokens) {
  std::mt19937_64 rng(seed);
  std::vector<Request> out;
  double t = 0.0;
  while (max_requests <= 0 || static_cast<int64_t>(out.size()) < max_requests) {
    // 53 random bits in [0, 1); std::exponential_distribution differs between libraries.
    const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
    t += -std::log1p(-u) / rate_per_s;
    if (duration_s > 0.0 && t >= duration_s) break;
    out.push_back({t, input_tokens, output_tokens});
  }
  return out;
}

namespace {

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) {
    while (!cell.empty() && (cell.back() == '\r' || cell.back() == ' ')) cell.pop_back();
    while (!cell.empty() && cell.front() == ' ') cell.erase(cell.begin());
    cells.push_back(cell);
  }
  return cells;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool parse_timestamp(const std::string& text, double& seconds) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  double s = 0.0;
  if (std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%lf", &y, &mo, &d, &h, &mi, &s) != 6) return false;
  seconds = static_cast<double>(days_from_civil(y, mo, d)) * 86400.0 + h * 3600.0 + mi * 60.0 + s;
  return true;
}

// A CSV file whose first line is its header: `header` takes the header's cells (and refuses it
// with a ConfigError of its own), then `row` takes each non-blank line's cells and a maker of
// errors located at that line. `what` names the file in the errors of an unreadable one.
void read_csv(
    const std::string& path, const std::string& what,
    const std::function<void(const std::vector<std::string>&, const std::string&)>& header,
    const std::function<void(const std::vector<std::string>&,
                             const std::function<ConfigError(const std::string&)>&)>& row) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path, 0, "", fmt::format("cannot open {}", what));
  std::string line;
  if (!std::getline(in, line)) throw ConfigError(path, 1, "", fmt::format("empty {}", what));
  header(split_csv(line), line);
  for (int line_no = 2; std::getline(in, line); ++line_no) {
    if (line.empty() || line == "\r") continue;
    row(split_csv(line), [&](const std::string& problem) {
      return ConfigError(path, line_no, "", fmt::format("{}: '{}'", problem, line));
    });
  }
}

}  // namespace

void draw_lengths(std::vector<Request>& requests, const std::vector<SampleLengths>& samples,
                  bool draw_output, uint64_t seed) {
  if (samples.empty()) return;
  // A stream of its own (the golden-ratio constant keeps it apart from the gaps' seed).
  std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ULL);
  const auto n = static_cast<uint64_t>(samples.size());
  for (auto& r : requests) {
    // The modulo's bias is below n / 2^64: nothing for a dataset's few thousand samples.
    const SampleLengths& s = samples[rng() % n];
    r.input_tokens = s.input_tokens;
    if (draw_output) r.output_tokens = s.output_tokens;
  }
}

std::vector<SampleLengths> load_sample_lengths(const std::string& path) {
  std::vector<SampleLengths> out;
  read_csv(
      path, "lengths file",
      [&](const std::vector<std::string>& cells, const std::string& line) {
        if (cells != std::vector<std::string>{"input_tokens", "output_tokens"}) {
          throw ConfigError(
              path, 1, "",
              fmt::format("header must be input_tokens,output_tokens, got '{}'", line));
        }
      },
      [&](const std::vector<std::string>& cells, const auto& bad) {
        if (cells.size() != 2) throw bad("expected 2 columns");
        SampleLengths s;
        try {
          size_t used_in = 0, used_out = 0;
          s.input_tokens = std::stoll(cells[0], &used_in);
          s.output_tokens = std::stoll(cells[1], &used_out);
          if (used_in != cells[0].size() || used_out != cells[1].size())
            throw bad("not an integer");
        } catch (const std::logic_error&) {
          throw bad("not an integer");
        }
        // Request lengths are bounded as a scenario's are (serving/serving_spec.cpp).
        constexpr int64_t kMaxTokens = int64_t{1} << 30;
        if (s.input_tokens < 1 || s.output_tokens < 1 || s.input_tokens > kMaxTokens ||
            s.output_tokens > kMaxTokens) {
          throw bad("token counts must be between 1 and 2^30");
        }
        out.push_back(s);
      });
  if (out.empty()) throw ConfigError(path, 0, "", "no samples");
  return out;
}

std::vector<Request> load_trace(const std::string& path) {
  bool azure = false;
  std::vector<Request> out;
  read_csv(
      path, "trace",
      [&](const std::vector<std::string>& cells, const std::string& line) {
        if (cells == std::vector<std::string>{"arrival_s", "input_tokens", "output_tokens"}) {
          azure = false;
        } else if (cells ==
                   std::vector<std::string>{"TIMESTAMP", "ContextTokens", "GeneratedTokens"}) {
          azure = true;
        } else {
          throw ConfigError(path, 1, "",
                            fmt::format("header must be arrival_s,input_tokens,output_tokens or "
                                        "TIMESTAMP,ContextTokens,GeneratedTokens, got '{}'",
                                        line));
        }
      },
      [&](const std::vector<std::string>& cells, const auto& bad) {
        if (cells.size() != 3) throw bad("expected 3 columns");
        Request r;
        try {
          if (azure) {
            if (!parse_timestamp(cells[0], r.arrival_s))
              throw bad("TIMESTAMP is not YYYY-MM-DD HH:MM:SS");
          } else {
            r.arrival_s = std::stod(cells[0]);
          }
          r.input_tokens = std::stoll(cells[1]);
          r.output_tokens = std::stoll(cells[2]);
        } catch (const std::logic_error&) {
          throw bad("not a number");
        }
        if (!(r.arrival_s >= 0.0) && !azure) throw bad("arrival_s must be >= 0");
        // A request must ask for at least one token in and out; some Azure rows have 0 generated.
        if (r.input_tokens < 1 || r.output_tokens < 0) throw bad("token counts must be positive");
        if (r.output_tokens > 0) out.push_back(r);
      });
  if (out.empty()) throw ConfigError(path, 0, "", "no requests");
  std::stable_sort(out.begin(), out.end(),
                   [](const Request& a, const Request& b) { return a.arrival_s < b.arrival_s; });
  const double first = out.front().arrival_s;
  for (auto& r : out) r.arrival_s -= first;
  return out;
}

}  // namespace xpu::serving
