// SPDX-License-Identifier: MIT
#include "sweep/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

namespace xpu::sweep {

namespace {
constexpr int kBarWidth = 30;
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);  // a fast sweep must not be I/O bound
}  // namespace

Progress::Progress(size_t total, std::string unit)
    : m_total(total),
      m_unit(std::move(unit)),
      m_tty(isatty(STDERR_FILENO) == 1),
      m_start(std::chrono::steady_clock::now()) {}

double Progress::elapsed_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
}

void Progress::advance() { advance_to(m_done + 1); }

void Progress::advance_to(size_t done) {
  m_done = std::min(done, m_total);
  if (!m_tty) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - m_last_draw < kRedrawEvery && m_done != m_total) return;
  m_last_draw = now;
  const double fraction =
      m_total ? static_cast<double>(m_done) / static_cast<double>(m_total) : 1.0;
  const double elapsed = elapsed_s();
  const double rate = elapsed > 0 ? static_cast<double>(m_done) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(m_total - m_done) / rate : 0.0;
  const int filled = static_cast<int>(fraction * kBarWidth);
  fmt::print(stderr, "\r[{}{}] {}/{} {:3.0f}% {:.0f} {}/s ETA {}:{:02d} ", std::string(filled, '#'),
             std::string(kBarWidth - filled, ' '), m_done, m_total, 100 * fraction, rate, m_unit,
             static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
  std::fflush(stderr);
}

void Progress::finish() {
  if (m_tty) fmt::print(stderr, "\r{}\r", std::string(kBarWidth + 60, ' '));
}

}  // namespace xpu::sweep
