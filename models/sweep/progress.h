// SPDX-License-Identifier: MIT
#pragma once
// A one-line progress bar with rate and ETA, redrawn on stderr only when stderr is a terminal
// (logs and CI output stay clean); the caller prints the final summary either way.
#include <chrono>
#include <cstddef>
#include <string>

namespace xpu::sweep {

class Progress {
 public:
  // `total` items to do in this run (resumed points excluded), counted in `unit` in the rate.
  explicit Progress(size_t total, std::string unit = "points");
  void advance();                // one more point done
  void advance_to(size_t done);  // `done` points done in all (a caller that counts for itself)
  size_t done() const { return m_done; }
  void finish();  // clears the bar
  double elapsed_s() const;

 private:
  size_t m_total;
  std::string m_unit;
  size_t m_done = 0;
  bool m_tty;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last_draw;
};

}  // namespace xpu::sweep
