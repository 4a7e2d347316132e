// SPDX-License-Identifier: MIT
// Offline serving arithmetic and the layout search.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "analytical/evaluate.h"
#include "common/error.h"
#include "compiler/plan.h"
#include "config/gpu_efficiency_spec.h"
#include "serving/interactivity_curve.h"
#include "serving/offline.h"
#include "test_paths.h"

using namespace xpu;

namespace {
struct Setup {
  config::ArchSpec arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  config::WorkloadSpec w = config::load_workload(test::repo("workloads/llama3_8b.toml"));
  config::GpuEfficiencySpec eff = config::efficiency_for(arch);
};

// One chip, requests of 1,000 tokens in and 1,000 out.
serving::OfflineRequest thousand_in_thousand_out() {
  serving::OfflineRequest req;
  req.chips = 1;
  req.input_tokens = 1000;
  req.output_tokens = 1000;
  return req;
}

// Requests of `in` + `out` tokens on one layout, `batch` sequences per replica.
serving::OfflineRequest on_layout(workload::Parallelism p, int64_t batch, int64_t in, int64_t out) {
  serving::OfflineRequest req;
  req.chips = p.chips();
  req.parallel = p;
  req.batch_per_replica = batch;
  req.input_tokens = in;
  req.output_tokens = out;
  return req;
}

// The two engine steps an offline iteration is built from: the decode of `batch` sequences at
// `context`, and the same step with `prompts` whole prompts of `prompt` tokens fused in.
struct IterationSteps {
  workload::Scenario decode, fused;
};
IterationSteps iteration_steps(int64_t prompts, int64_t prompt, int64_t batch, int64_t context) {
  IterationSteps i;
  i.decode.phase = workload::Phase::kDecode;
  i.decode.batch = batch;
  i.decode.context = context;
  i.fused = i.decode;
  i.fused.fused_prefill = {prompts, prompt, 0};
  return i;
}
}  // namespace

TEST_CASE(
    "serving: throughput is B / an iteration fusing B/out prompts with the decode of B, times "
    "replicas") {
  Setup s;
  const serving::OfflineRequest req = on_layout({1, 1, 1, 2}, 16, 500, 100);
  auto r = serving::offline_throughput(s.arch, s.w, req);
  CHECK(r.decode.batch == 32);
  CHECK(r.prefill_tokens_per_step == 16 * 500 / 100);
  // The iteration, built independently from the engine: 16 / 100 of a prompt per iteration,
  // between none (the decode of one replica's 16 sequences at context 500 + 100/2) and one 500-
  // token prompt fused into that decode step.
  const auto machine = machine::resolve(s.arch);
  auto latency = [&](workload::Scenario sc) {
    return analytical::evaluate(compiler::compile(machine, s.w, sc)).latency_s;
  };
  const auto [decode, fused] = iteration_steps(1, 500, 16, 550);
  const double iteration = 0.84 * latency(decode) + 0.16 * latency(fused);
  CHECK(r.decode_step_s == doctest::Approx(iteration).epsilon(1e-9));
  CHECK(r.output_tokens_per_s == doctest::Approx(2.0 * 16 / iteration).epsilon(1e-9));
  // The prompt tokens cost the iteration something on top of its decode.
  CHECK(r.decode_step_s > latency(decode));
}

TEST_CASE("serving: a pp replica keeps pp micro-batches in flight, each paying its share of idle") {
  Setup s;
  // Each micro-batch of 8 prefills exactly one prompt per iteration.
  const serving::OfflineRequest req = on_layout({1, 2, 1, 1}, 16, 500, 8);
  const auto r = serving::offline_throughput(s.arch, s.w, req);
  CHECK(r.batch_per_replica == 16);
  CHECK(r.decode.batch == 8);
  // Built from the engine: a micro-batch of 8 passes both stages (the engine's pp=2 step sums
  // them) fusing one prompt with its decode; two such micro-batches are in flight, and the
  // chips' static energy over a pass is shared by both.
  const auto machine = machine::resolve(s.arch);
  struct Cost {
    double s, j;
  };
  auto cost = [&](workload::Scenario sc) {
    sc.parallel = *req.parallel;
    const Result e = analytical::evaluate(compiler::compile(machine, s.w, sc));
    return Cost{e.latency_s, e.energy_j - 0.5 * e.energy_breakdown_j.at("static")};
  };
  const Cost f = cost(iteration_steps(1, 500, 8, 504).fused);
  CHECK(r.decode_step_s == doctest::Approx(f.s).epsilon(1e-9));
  CHECK(r.output_tokens_per_s == doctest::Approx(16.0 / f.s).epsilon(1e-9));
  CHECK(r.energy_j_per_output_token == doctest::Approx(f.j / 8.0).epsilon(1e-9));
  // Without the overlap the replica would pass its 16 sequences, with two prompts, at once.
  CHECK(r.output_tokens_per_s > 16.0 / cost(iteration_steps(2, 500, 16, 504).fused).s);
}

TEST_CASE("serving: a pp replica needs at least one sequence per micro-batch") {
  Setup s;
  serving::OfflineRequest req = thousand_in_thousand_out();
  req.chips = 2;
  req.parallel = workload::Parallelism{1, 2, 1, 1};
  req.batch_per_replica = 1;
  CHECK_THROWS_AS(serving::offline_throughput(s.arch, s.w, req), InfeasibleError);
}

TEST_CASE("serving: the searched batch is the largest whose KV cache fits") {
  Setup s;
  serving::OfflineRequest req = thousand_in_thousand_out();
  auto r = serving::offline_throughput(s.arch, s.w, req);
  auto fits = [&](int64_t batch) {
    workload::Scenario sc;
    sc.phase = workload::Phase::kDecode;
    sc.batch = batch;
    sc.context = 2000;
    try {
      compiler::compile(machine::resolve(s.arch), s.w, sc);
      return true;
    } catch (const InfeasibleError&) {
      return false;
    }
  };
  MESSAGE(fmt::format("largest batch {}", r.batch_per_replica));
  CHECK(fits(r.batch_per_replica));
  CHECK_FALSE(fits(r.batch_per_replica + 1));
}

TEST_CASE("serving: a serving engine's batch cap bounds the searched batch and no more") {
  Setup s;
  serving::OfflineRequest req = thousand_in_thousand_out();
  const int64_t fit = serving::offline_throughput(s.arch, s.w, req).batch_per_replica;
  REQUIRE(fit > 8);
  req.max_batch_per_replica = fit / 2;
  CHECK(serving::offline_throughput(s.arch, s.w, req).batch_per_replica == fit / 2);
  req.max_batch_per_replica = fit * 2;  // above what fits: the fit stands
  CHECK(serving::offline_throughput(s.arch, s.w, req).batch_per_replica == fit);
}

TEST_CASE("serving: no layout that fits is an error listing what was tried") {
  Setup s;
  s.w = config::load_workload(test::repo("workloads/llama31_405b.toml"));
  serving::OfflineRequest req;
  req.chips = 2;
  req.input_tokens = 100;
  req.output_tokens = 100;
  try {
    serving::offline_throughput(s.arch, s.w, req);
    FAIL("expected InfeasibleError");
  } catch (const InfeasibleError& e) {
    CHECK(std::string(e.what()).find("tp=2 pp=1 dp=1: does not fit") != std::string::npos);
  }
}

TEST_CASE(
    "serving: the interactivity front is the non-dominated set and batch trades user for chip") {
  Setup s;
  const auto c = serving::interactivity_curve(s.arch, s.w, 1000, 200, 4);
  REQUIRE(c.points.size() > 6);
  // Brute force: a point is on the front exactly when no other point is at least as good on both
  // axes and better on one.
  for (const auto& p : c.points) {
    bool dominated = false;
    for (const auto& q : c.points) {
      dominated |= q.output_tokens_per_s_per_chip >= p.output_tokens_per_s_per_chip &&
                   q.tokens_per_s_per_user >= p.tokens_per_s_per_user &&
                   (q.output_tokens_per_s_per_chip > p.output_tokens_per_s_per_chip ||
                    q.tokens_per_s_per_user > p.tokens_per_s_per_user);
    }
    CHECK(p.on_front == !dominated);
  }
  // Within one split, a larger batch reads the weights once for more users: each user gets
  // fewer tokens/s (a step takes longer), each chip more, until the KV cache's reads rather than
  // the weights set the step: there (1000-token prompts on an 8B model) per chip flattens, and
  // the one weight stream an iteration saves by fusing its prompts counts for less and less.
  for (size_t i = 1; i < c.points.size(); ++i) {
    const auto& a = c.points[i - 1];
    const auto& b = c.points[i];
    if (a.parallel.tp != b.parallel.tp) continue;
    CHECK(b.batch_per_replica > a.batch_per_replica);
    CHECK(b.tokens_per_s_per_user <= a.tokens_per_s_per_user);
    CHECK(b.output_tokens_per_s_per_chip >= 0.95 * a.output_tokens_per_s_per_chip);
    if (a.batch_per_replica == 1) {
      CHECK(b.output_tokens_per_s_per_chip > a.output_tokens_per_s_per_chip);
    }
  }
  // Per user at batch 1 is one over the offline model's iteration at batch 1 (its TPOT).
  serving::OfflineRequest req;
  req.parallel = workload::Parallelism{};
  req.batch_per_replica = 1;
  req.input_tokens = 1000;
  req.output_tokens = 200;
  CHECK(c.points.front().tokens_per_s_per_user ==
        doctest::Approx(1.0 / serving::offline_throughput(s.arch, s.w, req).decode_step_s));
}
