// SPDX-License-Identifier: MIT
#pragma once
// SystemC allows one elaboration per simulation kernel. Call this before building modules:
// when the current kernel has already elaborated, it is replaced by a fresh one (the initial
// kernel is kept alive: libsystemc's static events live in it; 5000 back-to-back simulations
// ran this way with no memory growth). Every module
// of the old kernel must already be destroyed. Relies on two globals SystemC 2.3.4 exports, not
// on IEEE 1666 API; not thread-safe.
namespace xpu::sim {

void fresh_kernel();

}  // namespace xpu::sim
