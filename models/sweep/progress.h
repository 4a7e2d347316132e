// SPDX-License-Identifier: MIT
#pragma once
// A one-line progress bar with rate and ETA, redrawn on stderr only when stderr is a terminal
// (logs and CI output stay clean); the caller prints the final summary either way.
#include <chrono>
#include <cstddef>

namespace xpu::sweep {

class Progress {
 public:
  // `total` points to evaluate in this run (resumed ones excluded).
  explicit Progress(size_t total);
  void advance();  // one more point done
  void finish();   // clears the bar
  double elapsed_s() const;

 private:
  size_t m_total;
  size_t m_done = 0;
  bool m_tty;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last_draw;
};

}  // namespace xpu::sweep
