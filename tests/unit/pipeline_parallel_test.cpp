// SPDX-License-Identifier: MIT
// Pipeline parallelism on GPUs: a decode step's hidden state crosses each of the pp - 1 stage
// boundaries once, priced once (the graph's pipeline.stage_transfer), at the link's latency
// plus the hidden state at its bandwidth.
#include <doctest/doctest.h>

#include "analytical/evaluate.h"
#include "compiler/plan.h"
#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "config/resolve.h"
#include "config/workload_spec.h"
#include "test_paths.h"

using namespace xpu;

TEST_CASE("analytic: pp = 4 pays three stage transfers of the hidden state, once each") {
  const auto arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  const auto llama = config::resolve_workload(
      arch, config::load_workload(test::repo("workloads/llama3_70b.toml")), {});
  workload::Scenario s;
  s.phase = workload::Phase::kDecode;
  s.batch = 8;
  s.context = 1024;
  s.parallel.tp = 2;
  s.parallel.pp = 4;
  const auto r = analytical::evaluate(compiler::compile(machine::resolve(arch), llama, s));

  const double hidden_bytes = 8.0 * 8192 * 2;  // batch x hidden size x bf16
  const double expected_s =
      3.0 * (arch.links->hop_latency_s + hidden_bytes / arch.links->bandwidth_bytes_per_s);
  double pipeline_s = 0.0;
  int pipeline_ops = 0;
  for (const auto& op : r.ops) {
    if (op.name.rfind("pipeline.", 0) != 0) continue;
    ++pipeline_ops;
    pipeline_s += op.time_s;
  }
  CHECK(pipeline_ops == 1);
  CHECK(pipeline_s == doctest::Approx(expected_s).epsilon(1e-9));
}
