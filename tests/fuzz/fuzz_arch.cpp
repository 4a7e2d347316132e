// SPDX-License-Identifier: MIT
// libFuzzer target: arch files. A file that decodes is then used to evaluate one small decode
// step of Llama 3 8B, so that odd but accepted numbers reach the models too.
#include "analytical/evaluate.h"
#include "compiler/plan.h"
#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "config/resolve.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace xpu;
  static const config::WorkloadSpec llama = config::load_workload("workloads/llama3_8b.toml");
  return fuzz::run(data, size, "archs/fuzz.toml", [](const auto& doc) {
    const auto arch = config::decode_arch(doc);
    const auto w = config::resolve_workload(arch, llama);
    workload::Scenario s;
    s.phase = workload::Phase::kDecode;
    s.batch = 4;
    s.context = 128;
    s.layers = 2;
    analytical::evaluate(compiler::compile(machine::resolve(arch), w, s));
  });
}
