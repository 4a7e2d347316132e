// SPDX-License-Identifier: MIT
// SM sharing between overlapped collectives and compute (training/comm_overlap.h) against a
// step-by-step integration of the same fluid picture, and its use in the training step.
#include <doctest/doctest.h>

#include <algorithm>

#include "config/system_spec.h"
#include "config/toml_reader.h"
#include "machine/collectives.h"
#include "test_files.h"
#include "test_paths.h"
#include "training/comm_overlap.h"
#include "training/train_step.h"
#include "workload/transformer.h"

using namespace xpu;

namespace {

// Compute of `work_s` at full rate, a collective of `collective_s` holding `f` of the SMs from
// time 0: integrate in small steps (rate 1 - f while the collective is in flight, 1 after) and
// return when both are done.
double integrated_s(double work_s, double collective_s, double f) {
  const double dt = 1e-6;
  double t = 0.0, done = 0.0;
  while (done < work_s) {
    done += (t < collective_s ? 1.0 - f : 1.0) * dt;
    t += dt;
  }
  return std::max(t, collective_s);
}

}  // namespace

TEST_CASE("comm overlap: compute next to a collective takes max(T, W + f T), as integrated") {
  const double f = training::sm_fraction(24, 132);  // NCCL's 24 channels on H100's 132 SMs
  CHECK(f == doctest::Approx(24.0 / 132.0));
  CHECK(training::sm_fraction(300, 132) == 1.0);
  CHECK(training::sm_fraction(24, 0) == 0.0);
  // compute-bound: the collective is hidden, f T of it is not
  CHECK(training::with_collective_s(10e-3, 2e-3, f) == doctest::Approx(10e-3 + f * 2e-3));
  CHECK(training::with_collective_s(10e-3, 2e-3, f) ==
        doctest::Approx(integrated_s(10e-3, 2e-3, f)).epsilon(1e-3));
  // collective-bound: the compute finishes first on the SMs it has
  CHECK(training::with_collective_s(1e-3, 2e-3, 0.25) == doctest::Approx(2e-3));
  CHECK(training::with_collective_s(1e-3, 2e-3, 0.25) ==
        doctest::Approx(integrated_s(1e-3, 2e-3, 0.25)).epsilon(1e-3));
  // the boundary W = (1 - f) T: both forms give T
  CHECK(training::with_collective_s(1.5e-3, 2e-3, 0.25) == doctest::Approx(2e-3));
  CHECK(integrated_s(1.5e-3, 2e-3, 0.25) == doctest::Approx(2e-3).epsilon(1e-3));
  // no SMs taken: perfect overlap
  CHECK(training::with_collective_s(3e-3, 2e-3, 0.0) == doctest::Approx(3e-3));
}

TEST_CASE("comm overlap: a collective behind n units of compute exposes 1/n, then the SMs") {
  const double f = 24.0 / 132.0;
  // window long enough: the first unit's share plus f of the hidden (n - 1)/n
  CHECK(training::exposed_behind(8.0, 100.0, 8, true, f) == doctest::Approx(1.0 + f * 7.0));
  // without SM sharing the hidden part is free
  CHECK(training::exposed_behind(8.0, 100.0, 8, true, 0.0) == doctest::Approx(1.0));
  // window too short: what does not fit behind (n - 1)/n of it shows, as without SM sharing
  CHECK(training::exposed_behind(8.0, 4.0, 8, true, f) ==
        doctest::Approx(1.0 + (8.0 - 4.0) * 7.0 / 8.0));
  CHECK(training::exposed_behind(8.0, 4.0, 8, true, 0.0) ==
        doctest::Approx(1.0 + (8.0 - 4.0) * 7.0 / 8.0));
  CHECK(training::exposed_behind(8.0, 100.0, 8, false, f) == 8.0);
}

TEST_CASE(
    "training: Megatron's backward hides 4 of its 6 tp collectives at the cost of their SMs") {
  const auto system = config::load_system(test::repo("systems/dgx_h100_ib.toml"));
  const auto w = config::load_workload(test::repo("workloads/llama3_8b.toml"));
  training::TrainRequest req;
  req.parallel = {8, 1, 1, 1};
  req.global_batch = 1;
  req.sequence = 8192;
  req.tp_overlap = training::TpOverlap::kNone;
  const auto none = training::train_step(system, w, req);
  req.tp_overlap = training::TpOverlap::kBackward;
  const auto backward = training::train_step(system, w, req);
  // none: 4 forward + 6 backward collectives of equal size exposed; backward: 4 + 2 exposed and
  // f of the 4 hidden behind the backward GEMMs (each far longer than its collective here).
  const double f =
      training::sm_fraction(system.collective_channels->ring, system.chip.compute.units);
  const double per_collective = none.tp_comm_exposed_s / 10.0;
  CHECK(backward.tp_comm_exposed_s == doctest::Approx(per_collective * (6.0 + 4.0 * f)));
  CHECK(backward.layer_forward_s == doctest::Approx(none.layer_forward_s));
  CHECK(none.layer_backward_s - backward.layer_backward_s ==
        doctest::Approx(per_collective * 4.0 * (1.0 - f)));
  CHECK(backward.sm_sharing_s > 0.0);
}

TEST_CASE(
    "training: FSDP reduce-scatters each micro-batch's fp32 gradients behind the next slot, "
    "holding its SMs") {
  const auto system = config::load_system(test::repo("systems/dgx_h100_ib.toml"));
  const auto w = config::load_workload(test::repo("workloads/llama3_8b.toml"));
  training::TrainRequest req;
  req.parallel = {8, 1, 1, 16};  // one stage: its parameters are the whole model's
  req.global_batch = 64;         // 4 micro-batches per dp rank
  req.sequence = 8192;
  req.sharding = training::DataParallelSharding::kZero1;
  const auto zero1 = training::train_step(system, w, req);
  req.sharding = training::DataParallelSharding::kFsdp;
  const auto fsdp = training::train_step(system, w, req);
  // Sharded gradients (4/dp bytes per parameter) need a reduce-scatter per micro-batch: the
  // fp32 shard of the tp rank's parameters, a ring over dp on the scale-out links.
  const double params_here = workload::count_parameters(w, w.layers).total / 8.0;
  const double reduce_scatter =
      machine::collective_cost({workload::CollectiveKind::kAllGather, params_here * 4.0, 16},
                               system.links_for(8 * 16))
          .time_s();
  const double f =
      training::sm_fraction(system.collective_channels->ring, system.chip.compute.units);
  const double compute_slot = zero1.slot_s;  // no pipeline: no point-to-point
  CHECK(fsdp.slot_s ==
        doctest::Approx(std::max(reduce_scatter, compute_slot + f * reduce_scatter)));
  CHECK(fsdp.memory_per_chip.gradient_bytes == doctest::Approx(4.0 * params_here / 16.0));
  // Without overlap every slot carries its whole reduce-scatter.
  req.overlap_dp_comm = false;
  const auto exposed = training::train_step(system, w, req);
  CHECK(exposed.slot_s == doctest::Approx(compute_slot + reduce_scatter));
}

TEST_CASE("training: the SMs NCCL holds come from the system file's [collectives]") {
  // The same cluster with half the ring channels: the SM-sharing loss of the hidden tp
  // collectives halves with the fraction of SMs they hold (max(T, W + fT) - max(W, T) = fT here,
  // each backward GEMM being far longer than its collective).
  const std::string path = test::repo("systems/dgx_h100_ib.toml");
  std::string text = test::read_file(path);
  const std::string from = "ring_channels = 24";
  REQUIRE(text.find(from) != std::string::npos);
  const auto stock = config::load_system(path);
  text.replace(text.find(from), from.size(), "ring_channels = 12");
  const auto halved = config::decode_system(config::Document::parse(text, path));
  CHECK(halved.collective_channels->ring == 12);
  const auto w = config::load_workload(test::repo("workloads/llama3_8b.toml"));
  training::TrainRequest req;
  req.parallel = {8, 1, 1, 1};
  req.global_batch = 1;
  req.sequence = 8192;
  const auto at_24 = training::train_step(stock, w, req);
  const auto at_12 = training::train_step(halved, w, req);
  REQUIRE(at_24.sm_sharing_s > 0.0);
  CHECK(at_12.sm_sharing_s == doctest::Approx(at_24.sm_sharing_s / 2.0));
}
