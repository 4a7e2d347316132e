// SPDX-License-Identifier: MIT
// libFuzzer target: sweep specs (reports/sweeps/*.toml). The name puts the document next to the
// real sweeps, so `arch = "../../archs/h100_sxm.toml"` resolves; each axis is checked against
// its target file, which decodes the base arch and workload with the fuzzed values.
#include "fuzz_common.h"
#include "sweep/sweep_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return xpu::fuzz::run_text(data, size, [](std::string_view text) {
    xpu::sweep::decode_sweep_spec(std::string(text), "reports/sweeps/fuzz.toml");
  });
}
