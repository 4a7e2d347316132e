// SPDX-License-Identifier: MIT
#include "sweep/results_log.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/input_file.h"

namespace xpu::sweep {

namespace {

namespace fs = std::filesystem;

std::FILE* open_for_writing(const fs::path& path, const char* mode) {
  check_output_path(path, "the sweep results");
  std::FILE* f = std::fopen(path.string().c_str(), mode);
  if (!f) throw ConfigError(path.string(), 0, "", "cannot write the sweep results");
  return f;
}

void write_line(std::FILE* f, const std::string& line) {
  std::fwrite(line.data(), 1, line.size(), f);
  std::fputc('\n', f);
  std::fflush(f);
}

// A line read back is trusted only if its numbers could have come out of a model: finite, not
// negative (an edited or corrupted line is re-evaluated, not carried into the front).
bool plausible(const Record& r) {
  if (!r.metrics) return r.status != "ok";
  const Metrics& m = *r.metrics;
  for (double v : {m.tokens_per_s, m.energy_j_per_token, m.latency_s, m.avg_power_w, m.mfu,
                   m.memory_bytes, m.cost_usd.value_or(0.0)}) {
    if (!std::isfinite(v) || v < 0.0) return false;
  }
  return r.status == "ok" && m.chips >= 1 && m.hbm_stacks >= 0;
}

}  // namespace

ResultsLog::ResultsLog(const std::string& dir, const SweepSpec& spec,
                       const std::vector<Point>& points)
    : m_spec(spec) {
  const fs::path jsonl = fs::path(dir) / "results.jsonl";
  const fs::path csv = fs::path(dir) / "results.csv";
  check_output_path(jsonl, "the sweep results");
  check_output_path(csv, "the sweep results");
  std::error_code ec;
  const std::string text = fs::exists(jsonl, ec) ? read_own_output(jsonl.string()) : std::string();
  // Keep whole lines while they continue the point sequence of this spec.
  size_t kept_bytes = 0;
  for (size_t pos = 0; pos < text.size();) {
    const size_t end = text.find('\n', pos);
    if (end == std::string::npos) break;  // torn: the writer died mid-line
    auto r = from_jsonl(text.substr(pos, end - pos));
    const size_t k = m_resumed.size();
    if (!r || k >= points.size() || r->index != k || r->id != points[k].id || !plausible(*r)) break;
    m_resumed.push_back(std::move(*r));
    pos = end + 1;
    kept_bytes = pos;
  }
  for (size_t pos = kept_bytes; pos < text.size(); pos = text.find('\n', pos) + 1) {
    ++m_discarded;
    if (text.find('\n', pos) == std::string::npos) break;
  }
  if (fs::exists(jsonl)) fs::resize_file(jsonl, kept_bytes);
  m_jsonl = open_for_writing(jsonl, "ab");
  // The CSV is derived: rewritten from the kept records rather than trusted.
  m_csv = open_for_writing(csv, "wb");
  write_line(m_csv, csv_header(spec));
  for (const auto& r : m_resumed) write_line(m_csv, to_csv(points[r.index], r));
}

ResultsLog::~ResultsLog() {
  if (m_jsonl) std::fclose(m_jsonl);
  if (m_csv) std::fclose(m_csv);
}

void ResultsLog::append(const Point& point, const Record& r) {
  write_line(m_jsonl, to_jsonl(m_spec, point, r));
  write_line(m_csv, to_csv(point, r));
}

}  // namespace xpu::sweep
