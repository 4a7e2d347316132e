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
}  // namespace

TEST_CASE("serving: throughput is B*out / (B*prefill + out*decode step), times replicas") {
  Setup s;
  serving::OfflineRequest req;
  req.chips = 2;
  req.parallel = workload::Parallelism{1, 1, 1, 2};
  req.batch_per_replica = 16;
  req.input_tokens = 500;
  req.output_tokens = 100;
  auto r = serving::offline_throughput(s.arch, s.w, req);
  const double expected = 2.0 * 16 * 100 / (16 * r.prefill_s_per_request + 100 * r.decode_step_s);
  CHECK(r.output_tokens_per_s == doctest::Approx(expected).epsilon(1e-12));
  CHECK(r.decode.batch == 32);
}

TEST_CASE("serving: the searched batch is the largest whose KV cache fits") {
  Setup s;
  serving::OfflineRequest req;
  req.chips = 1;
  req.input_tokens = 1000;
  req.output_tokens = 1000;
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
  // fewer tokens/s (a step takes longer), each chip more.
  for (size_t i = 1; i < c.points.size(); ++i) {
    const auto& a = c.points[i - 1];
    const auto& b = c.points[i];
    if (a.parallel.tp != b.parallel.tp) continue;
    CHECK(b.batch_per_replica > a.batch_per_replica);
    CHECK(b.tokens_per_s_per_user <= a.tokens_per_s_per_user);
    CHECK(b.output_tokens_per_s_per_chip >= a.output_tokens_per_s_per_chip);
  }
  // Per user at batch 1 is one over the decode step at the mean context of a request's life.
  serving::OfflineRequest req;
  req.parallel = workload::Parallelism{};
  req.batch_per_replica = 1;
  req.input_tokens = 1000;
  req.output_tokens = 200;
  CHECK(c.points.front().tokens_per_s_per_user ==
        doctest::Approx(1.0 / serving::offline_throughput(s.arch, s.w, req).decode_step_s));
}
