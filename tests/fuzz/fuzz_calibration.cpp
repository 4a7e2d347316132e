// SPDX-License-Identifier: MIT
// libFuzzer target: fitted GPU efficiency files (calibration/*.toml).
#include "config/gpu_efficiency_spec.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return xpu::fuzz::run(data, size, "calibration/fuzz.toml",
                        [](const auto& doc) { xpu::config::decode_gpu_efficiency(doc); });
}
