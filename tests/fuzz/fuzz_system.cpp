// SPDX-License-Identifier: MIT
// libFuzzer target: cluster files (systems/*.toml). The name puts the document next to the real
// systems, so `chip = "../archs/h100_sxm.toml"` resolves.
#include "config/system_spec.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return xpu::fuzz::run(data, size, "systems/fuzz.toml",
                        [](const auto& doc) { xpu::config::decode_system(doc); });
}
