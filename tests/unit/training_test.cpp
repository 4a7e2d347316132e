// SPDX-License-Identifier: MIT
// Training step, pipeline placement and latency wall against closed forms.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "common/error.h"
#include "compiler/plan.h"
#include "config/gpu_efficiency_spec.h"
#include "config/system_spec.h"
#include "machine/collectives.h"
#include "machine/machine.h"
#include "test_paths.h"
#include "training/latency_wall.h"
#include "training/pipeline.h"
#include "training/train_step.h"
#include "workload/transformer.h"

using namespace xpu;

namespace {
struct Setup {
  config::SystemSpec system = config::load_system(test::repo("systems/dgx_h100_ib.toml"));
  config::WorkloadSpec w = config::load_workload(test::repo("workloads/llama3_8b.toml"));
};

// One decoder layer's forward over one 2,048-token sequence: the graph the layer tests read.
workload::Scenario one_layer_prefill() {
  workload::Scenario prefill;
  prefill.phase = workload::Phase::kPrefill;
  prefill.batch = 1;
  prefill.prompt = 2048;
  prefill.layers = 1;
  return prefill;
}

// The op named `name`; fails the test when there is none.
const workload::Op& op_named(const std::vector<workload::Op>& ops, const std::string& name) {
  for (const auto& o : ops) {
    if (o.name == name) return o;
  }
  FAIL("no op " << name);
  return ops.front();
}
}  // namespace

TEST_CASE(
    "training: fp8 as Transformer Engine runs it casts each layer GEMM's input and output "
    "gradient, and keeps attention and the LM head in bf16") {
  Setup s;  // Llama 3 8B: h 4096, 32 heads of 128, 8 KV heads, SwiGLU f 14336, vocabulary 128256
  s.w.dtypes.layer_gemm_inputs = DType::kFp8;
  const auto g = workload::build_graph(s.w, one_layer_prefill());
  const auto op = [&](const std::string& name) -> const workload::Op& {
    return op_named(g.ops, name);
  };
  const double m = 2048, k = 4096, n = (32 + 2 * 8) * 128;
  const auto& qkv = op("layer.qkv_proj");
  CHECK(qkv.compute_dtype == DType::kFp8);
  CHECK(qkv.activation_bytes == doctest::Approx(m * k * 1 + m * n * 2));  // fp8 in, bf16 out
  // cast_transpose: read bf16, write fp8 as is and transposed.
  CHECK(op("layer.qkv_proj_input_cast").activation_bytes == doctest::Approx(m * k * (2 + 1 + 1)));
  CHECK(op("layer.qkv_proj_output_gradient_cast").activation_bytes ==
        doctest::Approx(m * n * (2 + 1 + 1)));
  CHECK(op("mlp.down_proj_input_cast").activation_bytes == doctest::Approx(m * 14336 * 4.0));
  for (const auto& o : g.ops) {
    if (o.kind == workload::OpKind::kAttention) CHECK(o.compute_dtype == DType::kBf16);
  }
  CHECK(op("lm_head").compute_dtype == DType::kBf16);
  for (const auto& o : g.ops) CHECK(o.name != "lm_head_input_cast");
  // Four layer GEMMs, two casts each.
  int casts = 0;
  for (const auto& o : g.ops) {
    casts += o.name.ends_with(workload::kInputCastSuffix) ||
             o.name.ends_with(workload::kOutputGradientCastSuffix);
  }
  CHECK(casts == 8);
}

TEST_CASE(
    "training: memory per chip follows 2+2 bytes per weight, 12/dp optimizer bytes, per-token "
    "activations") {
  Setup s;  // Llama 3 8B: h 4096, 32 heads of 128, 8 KV heads, SwiGLU f 14336
  training::MemoryInputs in;
  in.tp = 2;
  in.dp = 4;
  in.stage_parameters = 4e9;
  in.first_stage_layers = 16;
  in.micro_batches_in_flight = 2;
  in.tokens_per_micro_batch = 2048;
  in.keys_per_query = 2048;
  in.flash_attention = false;
  auto m = training::training_memory_per_chip(s.w, in);
  CHECK(m.weight_bytes == doctest::Approx(2.0 * 2e9));
  CHECK(m.gradient_bytes == doctest::Approx(2.0 * 2e9));
  CHECK(m.optimizer_bytes == doctest::Approx(12.0 * 2e9 / 4.0));
  // norms 4h, attention 2(h + q + 2kv + q) + scores 2as, MLP 2h + 6f (fused SwiGLU)
  const double per_token =
      4 * 4096.0 + 2 * (4096 + 4096 + 2 * 1024 + 4096) + 2 * 32 * 2048.0 + 2 * 4096 + 6 * 14336.0;
  CHECK(training::activation_bytes_per_token_per_layer(
            s.w, 2048, false, training::Recompute::kNone) == doctest::Approx(per_token));
  CHECK(m.activation_bytes == doctest::Approx(2048.0 * per_token / 2.0 * 16 * 2));
  // fp8 GEMMs: the four GEMM inputs kept for the weight gradients (the two norm outputs, the
  // context, the down projection's input: 2h + q + f) take 1 byte instead of 2.
  auto fp8 = s.w;
  fp8.dtypes.layer_gemm_inputs = DType::kFp8;
  CHECK(training::activation_bytes_per_token_per_layer(fp8, 2048, false,
                                                       training::Recompute::kNone) ==
        doctest::Approx(per_token - (2 * 4096.0 + 4096 + 14336)));
  // FlashAttention keeps a 4-byte log-sum-exp per head instead of the 2as score bytes.
  in.flash_attention = true;
  auto flash = training::training_memory_per_chip(s.w, in);
  CHECK(flash.activation_bytes ==
        doctest::Approx(2048.0 * (per_token - 2 * 32 * 2048.0 + 4 * 32) / 2.0 * 16 * 2));
  in.flash_attention = false;
  in.recompute = training::Recompute::kSelective;
  CHECK(training::training_memory_per_chip(s.w, in).activation_bytes ==
        doctest::Approx(2048.0 * (per_token - 2 * 32 * 2048.0) / 2.0 * 16 * 2));
  in.recompute = training::Recompute::kFull;
  CHECK(training::training_memory_per_chip(s.w, in).activation_bytes ==
        doctest::Approx(2048.0 * 2 * 4096 / 2.0 * 16 * 2 + 2048.0 * per_token / 2.0));
  // FSDP as Llama 3: fp32 gradients sharded over dp.
  in.sharding = training::DataParallelSharding::kFsdp;
  CHECK(training::training_memory_per_chip(s.w, in).gradient_bytes ==
        doctest::Approx(4.0 * 2e9 / 4.0));
}

TEST_CASE(
    "training: GPT-3's per-token activations are Korthikanti's 34 sbh and 5as less the dropout "
    "masks") {
  auto gpt3 = config::load_workload(test::repo("workloads/gpt3_175b.toml"));
  const double h = 12288, a = 96, seq = 2048;
  CHECK(training::activation_bytes_per_token_per_layer(gpt3, 2048, false,
                                                       training::Recompute::kNone) ==
        doctest::Approx((34.0 - 2.0) * h + (5.0 - 3.0) * a * seq));
}

TEST_CASE("pipeline: Llama 3 405B's 126 layers on 16 stages are 7, 8 x 14, 7 as Meta placed them") {
  // The LM head and loss cost less than a layer; the embedding next to nothing.
  auto layout = training::place_layers(126, 16, 0.0, 0.66);
  REQUIRE(layout.layers_per_stage.size() == 16);
  CHECK(layout.layers_per_stage.front() == 7);
  CHECK(layout.layers_per_stage.back() == 7);
  for (size_t i = 1; i < 15; ++i) CHECK(layout.layers_per_stage[i] == 8);
  CHECK(layout.slot_layer_equivalents == doctest::Approx(8.0));
  // Even split when the layers divide: the last stage's head makes it the slowest.
  auto even = training::place_layers(80, 4, 0.0, 0.5);
  CHECK(even.layers_per_stage == std::vector<int64_t>{20, 20, 20, 20});
  CHECK(even.slot_layer_equivalents == doctest::Approx(20.5));
  CHECK(even.slowest_stage == 3);
  CHECK_THROWS_AS(training::place_layers(8, 16, 0.0, 0.5), InfeasibleError);
}

TEST_CASE("pipeline: bubbles are (p-1)/m for 1F1B and (p-1)/(v m) interleaved") {
  CHECK(training::bubble_fraction(training::Schedule::k1F1B, 16, 8, 32) ==
        doctest::Approx(15.0 / 32));
  CHECK(training::bubble_fraction(training::Schedule::kInterleaved, 16, 8, 32) ==
        doctest::Approx(15.0 / 256));
}

TEST_CASE("training: the step is pipeline + exposed data parallelism + optimizer, MFU is PaLM's") {
  Setup s;
  training::TrainRequest req;
  req.parallel = {1, 2, 1, 4};
  req.global_batch = 32;
  req.sequence = 2048;
  req.recompute = training::Recompute::kFull;
  auto r = training::train_step(s.system, s.w, req);
  CHECK(r.step_s == doctest::Approx(r.pipeline_s + r.data_parallel_exposed_s + r.optimizer_s));
  CHECK(r.layer_recompute_s == doctest::Approx(r.layer_forward_s));
  CHECK(r.micro_batches == 8);
  // 1F1B bubble: (pp - 1)/m of the useful time.
  CHECK(r.bubble_s == doctest::Approx(r.micro_batches * r.slot_s / 8.0));
  CHECK(r.pipeline_s ==
        doctest::Approx(r.micro_batches * r.slot_s * 9.0 / 8.0 + r.point_to_point_exposed_s));
  const double n = workload::count_parameters(s.w, s.w.layers).active_per_token;
  const double attention = 12.0 * 32 * 4096 * 2048;  // 12 L H Q T
  CHECK(r.mfu == doctest::Approx((6.0 * n + attention) * 32 * 2048 / (r.step_s * 8 * 989.4e12)));
  MESSAGE(fmt::format("llama3_8b on 8 H100: step {:.3f} s MFU {:.1f}%", r.step_s, 100 * r.mfu));
  CHECK(r.mfu > 0.2);
  CHECK(r.mfu < 0.75);  // below the chip's power-limited efficiency
  // The interleaved schedule shrinks the bubble by v; overlapping tp collectives can only help.
  req.schedule = training::Schedule::kInterleaved;
  req.virtual_stages = 4;
  auto interleaved = training::train_step(s.system, s.w, req);
  CHECK(interleaved.bubble_fraction == doctest::Approx(1.0 / 32));
  req.parallel = {8, 1, 1, 1};
  req.global_batch = 8;
  auto plain = training::train_step(s.system, s.w, req);
  req.tp_overlap = training::TpOverlap::kFull;
  auto overlapped = training::train_step(s.system, s.w, req);
  CHECK(overlapped.tp_comm_exposed_s < plain.tp_comm_exposed_s);
  CHECK(overlapped.step_s < plain.step_s);
}

TEST_CASE(
    "training: context parallelism splits the sequence, scales attention and gathers K and V") {
  Setup s;
  training::TrainRequest req;
  req.parallel = {8, 1, 1, 1};
  req.global_batch = 1;
  req.sequence = 8192;
  auto whole = training::train_step(s.system, s.w, req);
  req.cp = 2;
  auto split = training::train_step(s.system, s.w, req);
  CHECK(split.chips == 16);
  CHECK(split.context_parallel_comm_s > 0.0);
  CHECK(split.layer_forward_s < whole.layer_forward_s);
  CHECK(split.layer_forward_s > whole.layer_forward_s / 2.0 * 0.9);
  req.sequence = 8190;  // not 2 x cp equal chunks
  CHECK_THROWS_AS(training::train_step(s.system, s.w, req), InfeasibleError);
}

TEST_CASE(
    "training: interleaved, the data-parallel tail runs behind the cool-down's chunks, not one "
    "micro-batch") {
  Setup s;
  training::TrainRequest req;
  req.parallel = {8, 4, 1, 8};  // tp8 pp4 dp8: 8 micro-batches of 8 layers per stage
  req.global_batch = 64;
  req.sequence = 2048;
  req.schedule = training::Schedule::kInterleaved;
  req.virtual_stages = 1;
  const auto one_chunk = training::train_step(s.system, s.w, req);
  req.virtual_stages = 4;
  const auto four_chunks = training::train_step(s.system, s.w, req);
  // Each chunk's gradients are final p micro-batches before the next chunk's: the collectives of
  // the first three chunks hide behind the rest of the cool-down.
  CHECK(four_chunks.data_parallel_exposed_s > 0.0);
  CHECK(four_chunks.data_parallel_exposed_s < one_chunk.data_parallel_exposed_s);
  // Without overlap the whole collective is exposed whatever the schedule.
  req.overlap_dp_comm = false;
  const auto exposed_four = training::train_step(s.system, s.w, req);
  req.virtual_stages = 1;
  const auto exposed_one = training::train_step(s.system, s.w, req);
  CHECK(exposed_four.data_parallel_exposed_s ==
        doctest::Approx(exposed_one.data_parallel_exposed_s));
  CHECK(exposed_one.data_parallel_exposed_s > one_chunk.data_parallel_exposed_s);
}

TEST_CASE(
    "training: ZeRO-1 reduce-scatters bf16 gradients and all-gathers the weights, in fp8 with an "
    "fp8 parameter gather") {
  Setup s;
  training::TrainRequest req;
  req.parallel = {1, 1, 1, 8};  // dp8, one stage holding the whole model
  req.global_batch = 8;
  req.sequence = 2048;
  req.overlap_dp_comm = false;  // the whole collective time, exposed
  const double n = workload::count_parameters(s.w, s.w.layers).total;
  const auto& links = s.system.links_for(8);
  // A ring reduce-scatter moves what a ring all-gather does (docs/scale_out.md).
  const auto gather = [&](double bytes) {
    return machine::collective_cost({workload::CollectiveKind::kAllGather, bytes, 8}, links)
        .time_s();
  };
  CHECK(training::train_step(s.system, s.w, req).data_parallel_exposed_s ==
        doctest::Approx(gather(2.0 * n) + gather(2.0 * n)));
  auto fp8 = s.w;
  fp8.dtypes.activations = DType::kFp8;
  req.fp8_param_gather = true;
  CHECK(training::train_step(s.system, fp8, req).data_parallel_exposed_s ==
        doctest::Approx(gather(2.0 * n) + gather(1.0 * n)));
  CHECK_THROWS_AS(training::train_step(s.system, s.w, req), InfeasibleError);
}

TEST_CASE(
    "training: each GEMM's backward is its data gradient and weight gradient, at their own "
    "shapes") {
  Setup s;
  const auto forward = compiler::compile(machine::resolve(s.system.chip), s.w, one_layer_prefill());
  const auto backward = training::with_backward_gemms(forward);
  const auto find = [](const compiler::Plan& p, const std::string& name) -> const workload::Op& {
    return op_named(p.ops, name);
  };
  // o_proj: Y[2048, 4096] = X[2048, 4096] W[4096, 4096]; gate_up: W[4096, 2 x 14336].
  for (const auto& [name, k, n] :
       {std::tuple{"layer.o_proj", 4096, 4096}, std::tuple{"mlp.gate_up_proj", 4096, 2 * 14336}}) {
    const auto& y = find(forward, name);
    REQUIRE(y.gemm);
    CHECK(y.gemm->m == 2048);
    CHECK(y.gemm->k == k);
    CHECK(y.gemm->n == n);
    const auto& dx = find(backward, std::string(name) + "_data_gradient");
    const auto& dw = find(backward, std::string(name) + "_weight_gradient");
    CHECK((dx.gemm->m == 2048 && dx.gemm->k == n && dx.gemm->n == k));  // dY W^T
    CHECK((dw.gemm->m == k && dw.gemm->k == 2048 && dw.gemm->n == n));  // X^T dY
    CHECK(dx.flops == doctest::Approx(y.flops));
    CHECK(dw.flops == doctest::Approx(y.flops));
    CHECK(dw.weight_bytes == doctest::Approx(double(k) * n * 8.0));  // fp32 main_grad, in and out
  }
  // Every GEMM becomes two; every other op stays.
  size_t gemms = 0;
  for (const auto& o : forward.ops) gemms += o.kind == workload::OpKind::kGemm;
  CHECK(backward.ops.size() == forward.ops.size() + gemms);
}

TEST_CASE("training: a layout that does not fit or divide is refused") {
  Setup s;
  s.w = config::load_workload(test::repo("workloads/llama3_70b.toml"));
  training::TrainRequest req;
  req.parallel = {1, 1, 1, 8};
  req.global_batch = 8;
  req.sequence = 4096;
  CHECK_THROWS_AS(training::train_step(s.system, s.w, req), InfeasibleError);
  req.parallel = {8, 1, 1, 3};
  CHECK_THROWS_AS(training::train_step(s.system, s.w, req), InfeasibleError);  // 8 % 3
}

TEST_CASE("latency wall: the solution satisfies 20 N = T B / t(N) and FLOP = 120 N^2") {
  Setup s;
  s.w = config::load_workload(test::repo("workloads/gpt3_175b.toml"));
  training::LatencyWallRequest req;
  req.duration_s = 3 * 30.44 * 86400;
  req.batch_tokens = 16777216;
  req.tp = 8;
  req.layer_forward_latency_s = 2e-6;
  auto r = training::latency_wall(s.system, s.w, req);
  CHECK(r.aspect_ratio == doctest::Approx(128.0));
  CHECK(r.tokens ==
        doctest::Approx(req.duration_s / r.step_floor_s * req.batch_tokens).epsilon(1e-6));
  CHECK(r.flop == doctest::Approx(120.0 * r.parameters * r.parameters).epsilon(1e-9));
  CHECK(r.layers == doctest::Approx(std::cbrt(r.parameters / (12.0 * 128 * 128))));
  CHECK(r.parameters == doctest::Approx(training::wall_parameters_closed_form(
                                            req.duration_s, req.batch_tokens, 128.0, 2e-6, 20.0))
                            .epsilon(1e-6));
}

TEST_CASE("latency wall: the result is the same whichever Llama 3 file supplies the family") {
  Setup s;
  training::LatencyWallRequest req;
  req.duration_s = 3 * 30.44 * 86400;
  req.batch_tokens = 16777216;
  req.tp = 8;
  const auto small = training::latency_wall(s.system, s.w, req);
  for (const char* file :
       {"workloads/llama3_70b.toml", "workloads/llama31_405b.toml", "workloads/llama31_8b.toml"}) {
    const auto other =
        training::latency_wall(s.system, config::load_workload(test::repo(file)), req);
    CHECK(other.layer_forward_latency_s ==
          doctest::Approx(small.layer_forward_latency_s).epsilon(1e-12));
    CHECK(other.flop == doctest::Approx(small.flop).epsilon(1e-9));
  }
  const auto gpt3 = training::latency_wall(
      s.system, config::load_workload(test::repo("workloads/gpt3_175b.toml")), req);
  MESSAGE(
      fmt::format("floor per layer: Llama family {:.1f} us -> {:.3g} FLOP; GPT-3 family {:.1f} us "
                  "-> {:.3g} FLOP",
                  small.layer_forward_latency_s * 1e6, small.flop,
                  gpt3.layer_forward_latency_s * 1e6, gpt3.flop));
  // Families differ only in which kernels a layer runs: within 25% of each other's floor.
  CHECK(gpt3.layer_forward_latency_s ==
        doctest::Approx(small.layer_forward_latency_s).epsilon(0.25));
}

// docs/scale_out.md, "The latency wall": every row of the table, 3 months, B = 2^24, r = 128.
TEST_CASE(
    "latency wall: the doc's table follows from the closed form and the engine's H100 floor") {
  Setup s;
  const double months3 = 3 * 30.44 * 86400, batch = 16777216;
  struct Row {
    double layer_us, layers, flop;
  };
  for (const Row& row : {Row{155.0, 519, 9.0e28}, Row{80.0, 612, 2.4e29}, Row{6.7, 1137, 1e31},
                         Row{4.2, 1276, 2e31}, Row{2.0, 1539, 6.2e31}}) {
    const double n =
        training::wall_parameters_closed_form(months3, batch, 128.0, row.layer_us * 1e-6, 20.0);
    CHECK(120.0 * n * n == doctest::Approx(row.flop).epsilon(0.02));
    CHECK(std::cbrt(n / (12.0 * 128 * 128)) == doctest::Approx(row.layers).epsilon(0.002));
  }
  const double tp8 = training::minimal_layer_latency_s(s.system.chip, s.w, 8);
  const double tp1 = training::minimal_layer_latency_s(s.system.chip, s.w, 1);
  CHECK(tp8 * 1e6 == doctest::Approx(155.0).epsilon(0.001));
  CHECK(tp1 * 1e6 == doctest::Approx(80.0).epsilon(0.001));
  // What tp = 8 adds is its two all-reduces: 2 x 2(8 - 1) ring steps at the H100's 2.6 us.
  CHECK((tp8 - tp1) * 1e6 == doctest::Approx(2 * 14 * 2.6).epsilon(0.1));
}
