// SPDX-License-Identifier: MIT
#pragma once
// DIR/results.jsonl and DIR/results.csv, written one point per line in point order and flushed
// per point, so that a killed sweep leaves a prefix of the finished files. Opening the log
// resumes: the longest prefix of whole lines whose index and point id match this spec is kept,
// anything after it (a torn last line, results of another spec) is cut off.
#include <cstdio>
#include <string>
#include <vector>

#include "sweep/design.h"
#include "sweep/record.h"

namespace xpu::sweep {

class ResultsLog {
 public:
  // Throws ConfigError when DIR cannot be written.
  ResultsLog(const std::string& dir, const SweepSpec& spec, const std::vector<Point>& points);
  ~ResultsLog();
  ResultsLog(const ResultsLog&) = delete;
  ResultsLog& operator=(const ResultsLog&) = delete;

  // Records kept from an earlier run: points [0, resumed().size()).
  const std::vector<Record>& resumed() const { return m_resumed; }
  // Lines dropped on opening because they were torn or did not match.
  size_t discarded() const { return m_discarded; }
  // Appends the next point's record (its index must be the next one).
  void append(const Point& point, const Record& r);

 private:
  const SweepSpec& m_spec;
  std::vector<Record> m_resumed;
  size_t m_discarded = 0;
  std::FILE* m_jsonl = nullptr;
  std::FILE* m_csv = nullptr;
};

}  // namespace xpu::sweep
