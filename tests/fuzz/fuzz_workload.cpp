// SPDX-License-Identifier: MIT
// libFuzzer target: workload files. A model that decodes is then compiled and evaluated for a
// prefill and a decode step on an H100, so that odd but accepted shapes reach the models too.
#include "analytical/evaluate.h"
#include "compiler/plan.h"
#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "config/resolve.h"
#include "config/workload_spec.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace xpu;
  static const config::ArchSpec h100 = config::load_arch("archs/h100_sxm.toml");
  static const machine::Machine chip = machine::resolve(h100);
  return fuzz::run(data, size, "workloads/fuzz.toml", [](const auto& doc) {
    const auto w = config::resolve_workload(h100, config::decode_workload(doc));
    workload::Scenario s;
    s.phase = workload::Phase::kPrefill;
    s.batch = 2;
    s.prompt = 64;
    s.layers = 2;
    try {
      analytical::evaluate(compiler::compile(chip, w, s));
    } catch (const InfeasibleError&) {
    }
    s.phase = workload::Phase::kDecode;
    s.prompt = 0;
    s.context = 64;
    analytical::evaluate(compiler::compile(chip, w, s));
  });
}
