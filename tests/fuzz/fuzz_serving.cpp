// SPDX-License-Identifier: MIT
// libFuzzer target: serving scenario files (workloads/scenarios/*.toml). The name puts the
// document next to the real scenarios, so `workload = "../llama2_70b.toml"` resolves.
#include "fuzz_common.h"
#include "serving/serving_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return xpu::fuzz::run(data, size, "workloads/scenarios/fuzz.toml",
                        [](const auto& doc) { xpu::serving::decode_serving(doc); });
}
