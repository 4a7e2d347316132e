// SPDX-License-Identifier: MIT
#include "sim/modules/systemc_kernel.h"

#include <systemc>

// libsystemc.so refers to sc_main and the linker refuses an executable whose shared library
// leaves a symbol unresolved; the programs linking this engine have their own main, so this is
// never called.
extern "C" int sc_main(int, char*[]) { return 0; }

namespace xpu::sim {

void fresh_kernel() {
  using namespace sc_core;
  static sc_simcontext* const initial = sc_get_curr_simcontext();
  if (!sc_get_curr_simcontext()->elaboration_done()) return;
  sc_simcontext* old = sc_curr_simcontext;
  sc_curr_simcontext = new sc_simcontext();
  sc_default_global_context = sc_curr_simcontext;
  if (old != initial) delete old;
}

}  // namespace xpu::sim
