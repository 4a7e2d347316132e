// SPDX-License-Identifier: MIT
// The SystemC engine on the statically scheduled families (sim/spatial/spatial_top.h): at batch 1,
// where a pipeline has nothing to overlap, it must agree with the analytic engine; with
// micro-batches the stages overlap and throughput rises, and the chosen micro-batch count holds up
// against the fixed rules; a wafer whose ops are dealt to cores in uneven granules must give,
// simulated as 16 or 64 regions, the step time of the same wafer simulated core by core, and be
// slower than perfect spreading by the closed form's imbalance. Each TEST_CASE runs as its own
// process.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "analytical/evaluate.h"
#include "common/error.h"
#include "compiler/plan.h"
#include "compiler/static_pipeline.h"
#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "config/resolve.h"
#include "config/workload_spec.h"
#include "machine/static_schedule.h"
#include "sim/sim.h"
#include "test_paths.h"

using namespace xpu;

namespace {

struct Chip {
  explicit Chip(const std::string& arch_file, const std::string& workload_file)
      : arch(config::load_arch(test::repo(arch_file))),
        eff(config::efficiency_for(arch)),
        w(config::resolve_workload(arch, config::load_workload(test::repo(workload_file)), {})) {}
  config::ArchSpec arch;
  config::GpuEfficiencySpec eff;
  config::WorkloadSpec w;
};

workload::Scenario decode(int64_t batch, int64_t context) {
  workload::Scenario s;
  s.phase = workload::Phase::kDecode;
  s.batch = batch;
  s.context = context;
  return s;
}

double report(const std::string& what, double expected, double measured, const char* unit) {
  const double deviation = measured / expected - 1.0;
  MESSAGE(fmt::format("{}: expected {:.4g} {} measured {:.4g} {} deviation_pct {:+.1f}", what,
                      expected, unit, measured, unit, 100.0 * deviation));
  return deviation;
}

// Batch 1: one micro-batch, so the pipeline has nothing to overlap and the simulation must give
// the analytic step time (the remaining differences: tile fill and drain, a ring over ceil(g)
// chips, separate memories read in parallel).
void agrees_at_batch_1(const std::string& arch_file, const std::string& workload_file) {
  const Chip c(arch_file, workload_file);
  const auto plan = compiler::compile(machine::resolve(c.arch), c.w, decode(1, 1024));
  const auto expected = analytical::evaluate(plan);
  const auto out = sim::simulate(plan);
  CHECK(out.result.engine == "systemc");
  for (size_t i = 0; i < plan.ops.size(); ++i) {
    report(plan.ops[i].name, expected.ops[i].time_s * 1e6, out.result.ops[i].time_s * 1e6, "us");
  }
  MESSAGE(
      fmt::format("{} chips, {} stages, {:.3g} chips per layer; {} ops, {} tiles, wall {:.3f} s",
                  plan.mapping.chips, plan.mapping.pipeline_stages, plan.mapping.chips_per_layer,
                  out.stats.kernels, out.stats.tiles, out.stats.wall_s));
  CHECK(std::abs(report("decode step", expected.latency_s * 1e6, out.result.latency_s * 1e6,
                        "us")) <= 0.15);
  CHECK(out.result.tokens_per_s == doctest::Approx(1.0 / out.result.latency_s));
  CHECK(!out.result.units.empty());
  for (const auto& u : out.result.units) {
    CHECK(u.busy_fraction >= 0.0);
    CHECK(u.busy_fraction <= 1.0 + 1e-9);
  }
}

// The engine's micro-batch count against the two fixed rules it replaced, decode batch 8 at
// context 1024: the estimate may misjudge by a little, never by a whole pipeline's worth.
void chosen_micro_batches_hold_up(const std::string& arch_file, const std::string& workload_file,
                                  std::optional<int64_t> chips) {
  const Chip c(arch_file, workload_file);
  auto s = decode(8, 1024);
  s.chips = chips;
  const auto plan = compiler::compile(machine::resolve(c.arch), c.w, s);
  const int64_t stages = plan.mapping.pipeline_stages;
  auto step_s = [&](int64_t micro_batches) {
    sim::SimOptions o;
    o.micro_batches = micro_batches;
    return sim::simulate(plan, o).stats.simulated_s;
  };
  const int64_t chosen = compiler::choose_micro_batches(plan);
  const double chosen_s = step_s(chosen), one_s = step_s(1),
               most_s = step_s(std::min<int64_t>(8, stages));
  MESSAGE(fmt::format(
      "{} stages; chosen {} micro-batches: {:.1f} us (estimate {:.1f} us); 1: {:.1f} us; {}: "
      "{:.1f} us",
      stages, chosen, chosen_s * 1e6, compiler::pipelined_step_s(plan, chosen) * 1e6, one_s * 1e6,
      std::min<int64_t>(8, stages), most_s * 1e6));
  CHECK(report("chosen vs the better fixed rule", std::min(one_s, most_s) * 1e6, chosen_s * 1e6,
               "us") <= 0.03);
}

}  // namespace

TEST_CASE(
    "sim: hardwired transformer (Sohu) Llama-3-8B decode at batch 1 agrees with the analytic "
    "engine within 15%") {
  agrees_at_batch_1("archs/etched_sohu.toml", "workloads/llama3_8b.toml");
}

TEST_CASE(
    "sim: model in silicon (HC1) Llama-3.1-8B decode at batch 1 agrees with the analytic engine "
    "within 15%") {
  agrees_at_batch_1("archs/taalas_hc1.toml", "workloads/llama31_8b.toml");
}

TEST_CASE(
    "sim: SRAM-only (Groq) Llama-3-8B decode at batch 1 agrees with the analytic engine within "
    "15%") {
  agrees_at_batch_1("archs/groq_lpu.toml", "workloads/llama3_8b.toml");
}

TEST_CASE(
    "sim: wafer-scale (WSE-3, 64 regions) Llama-3-8B decode at batch 1 agrees with the analytic "
    "engine within 15%") {
  agrees_at_batch_1("archs/cerebras_wse3.toml", "workloads/llama3_8b.toml");
}

TEST_CASE(
    "sim: Groq pipelining: batch 32 in the chosen micro-batches over 32 stages raises throughput "
    "over batch 1") {
  const Chip c("archs/groq_lpu.toml", "workloads/llama3_8b.toml");
  const auto one = compiler::compile(machine::resolve(c.arch), c.w, decode(1, 128));
  const auto many = compiler::compile(machine::resolve(c.arch), c.w, decode(32, 128));
  REQUIRE(many.mapping.pipeline_stages == 32);
  const int64_t micro_batches = compiler::choose_micro_batches(many);
  MESSAGE(fmt::format("chosen: {} micro-batches", micro_batches));
  REQUIRE(micro_batches > 1);
  const auto alone = sim::simulate(one);
  const auto piped = sim::simulate(many);
  const auto analytic = analytical::evaluate(many);
  MESSAGE(fmt::format("analytic engine, batch 32 (no pipeline credit): {:.0f} tok/s",
                      analytic.tokens_per_s));
  // With the stages full, a step is about (micro-batches + stages - 1) stage times instead of
  // micro-batches x stages: at 32 micro-batches, 32 x 32 / 63 = 16x.
  const double gain = piped.result.tokens_per_s / alone.result.tokens_per_s;
  report("tokens/s batch 32 vs batch 1 (expected: the ideal pipeline's 32*32/63)",
         32.0 * 32.0 / 63.0, gain, "x");
  CHECK(gain >= 8.0);
  // The stages overlap: the makespan is far below the stage time summed over micro-batches.
  double summed_s = 0.0;
  for (const auto& o : piped.result.ops) summed_s += o.time_s;
  report("makespan vs stage time summed over micro-batches", summed_s * 1e6,
         piped.stats.simulated_s * 1e6, "us");
  CHECK(piped.stats.simulated_s < 0.25 * summed_s);
}

namespace {

// WSE-3 shrunk to 1024 cores (a 32 x 32 mesh): compute, SRAM bandwidth and vector rate scale
// with the cores; the SRAM capacity is kept so the model stays resident (a smaller wafer would
// stream it). Two layers of Llama-3-8B, decode at batch 1 and context 1024: most ops' granule
// counts do not divide the 1024 cores, and qkv_proj (768) and the embedding (512) leave cores idle.
struct SmallWafer {
  static constexpr int64_t kCores = 1024;
  SmallWafer() {
    const double f = static_cast<double>(kCores) / static_cast<double>(c.arch.mesh->cores);
    c.arch.mesh->cores = kCores;
    c.arch.sram->bandwidth_bytes_per_s *= f;
    c.arch.compute.vector_flops_per_s *= f;
    for (auto& [dtype, peak] : c.arch.compute.dense_peak_flops_per_s) peak *= f;
  }
  compiler::Plan plan() const {
    auto s = decode(1, 1024);
    s.layers = 2;
    return compiler::compile(machine::resolve(c.arch), c.w, s);
  }
  Chip c{"archs/cerebras_wse3.toml", "workloads/llama3_8b.toml"};
};

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

// The granules of docs/systemc_engine.md, written out here rather than taken from the engine:
// 8-wide output columns of a GEMM, (sequence, KV head) pairs of decode attention, 8-element
// chunks of an element-wise op's data; where there are fewer than cores, GEMM columns split
// into K blocks of 8 rows and pairs into 8 x 8 tiles of their KV, as long as each piece has a
// core of its own.
int64_t granules(const workload::Op& op, int64_t cores) {
  if (op.gemm) {
    const int64_t columns = op.gemm->groups * ceil_div(op.gemm->n, 8);
    return columns * std::clamp(cores / columns, int64_t{1}, ceil_div(op.gemm->k, 8));
  }
  if (op.attention) {
    const auto& a = *op.attention;
    const int64_t pairs = a.batch * a.kv_heads;
    return pairs * std::clamp(cores / pairs, int64_t{1},
                              ceil_div(a.kv_len, 8) * ceil_div(a.qk_head_dim, 8));
  }
  return ceil_div(static_cast<int64_t>(op.activation_bytes / 2.0), 8);  // bf16 activations
}

}  // namespace

TEST_CASE(
    "sim: wafer hierarchy under uneven granules: 16 and 64 regions give the every-core step "
    "(1024-core wafer) within 2%") {
  const SmallWafer wafer;
  const auto plan = wafer.plan();
  sim::SimOptions full;
  full.wafer_regions = SmallWafer::kCores;  // every core its own region: the full simulation
  const auto cores = sim::simulate(plan, full);
  MESSAGE(
      fmt::format("1024 regions: {} tiles, wall {:.3f} s", cores.stats.tiles, cores.stats.wall_s));
  for (const int64_t regions : {16, 64}) {
    sim::SimOptions coarse;
    coarse.wafer_regions = regions;
    const auto r = sim::simulate(plan, coarse);
    MESSAGE(
        fmt::format("{} regions: {} tiles, wall {:.3f} s", regions, r.stats.tiles, r.stats.wall_s));
    CHECK(std::abs(report(fmt::format("step, {} regions vs every core", regions),
                          cores.stats.simulated_s * 1e6, r.stats.simulated_s * 1e6, "us")) <= 0.02);
  }
}

TEST_CASE(
    "sim: wafer work granules: the step is slower than perfect spreading by the closed form's "
    "max/mean granules per core") {
  const SmallWafer wafer;
  const auto plan = wafer.plan();
  // Perfect spreading is the analytic model; the granules stretch each op's compute-or-memory
  // part by (most granules on a core) / (mean granules per core), not its reduction.
  double uniform_s = 0.0, uneven_s = 0.0;
  bool idle_cores = false, uneven = false;
  for (const auto& op : plan.ops) {
    const auto t =
        machine::static_op_time(plan.machine, plan.mapping, plan.workload->dtypes.activations, op);
    const int64_t g = granules(op, SmallWafer::kCores);
    const double imbalance =
        static_cast<double>(ceil_div(g, SmallWafer::kCores)) * SmallWafer::kCores / g;
    idle_cores |= g < SmallWafer::kCores;
    uneven |= g > SmallWafer::kCores && g % SmallWafer::kCores != 0;
    MESSAGE(fmt::format("{}: {} granules, max/mean per core {:.3f}", op.name, g, imbalance));
    uniform_s += op.repeat * t.time_s;
    uneven_s += op.repeat * (std::max(t.compute_s, t.memory_s) * imbalance + t.overhead_s);
  }
  REQUIRE(idle_cores);
  REQUIRE(uneven);
  sim::SimOptions o;
  o.wafer_regions = 64;
  o.spatial_tiles = 64;  // fill and drain down to 1/64 of an op, so what remains is the assignment
  const double simulated_s = sim::simulate(plan, o).stats.simulated_s;
  const double expected =
      report("closed form: uneven vs perfectly spread step", uniform_s * 1e6, uneven_s * 1e6, "us");
  const double measured =
      report("simulated vs perfectly spread step", uniform_s * 1e6, simulated_s * 1e6, "us");
  CHECK(expected >= 0.05);
  CHECK(measured >= 0.05);
  CHECK(std::abs(report("simulated vs closed form", uneven_s * 1e6, simulated_s * 1e6, "us")) <=
        0.03);
}

TEST_CASE("sim: a wafer split into a non-square number of regions is refused") {
  const Chip c("archs/cerebras_wse3.toml", "workloads/llama3_8b.toml");
  auto s = decode(1, 128);
  s.layers = 1;
  const auto plan = compiler::compile(machine::resolve(c.arch), c.w, s);
  sim::SimOptions o;
  o.wafer_regions = 60;
  CHECK_THROWS_AS(sim::simulate(plan, o), InfeasibleError);
}

TEST_CASE(
    "sim: chosen micro-batches: Groq Llama-3-8B batch 8 is within 3% of the better of 1 and "
    "min(batch, stages)") {
  chosen_micro_batches_hold_up("archs/groq_lpu.toml", "workloads/llama3_8b.toml", std::nullopt);
}

TEST_CASE(
    "sim: chosen micro-batches: WSE-3 Llama-3.1-70B on 4 wafers batch 8 is within 3% of the better "
    "fixed rule") {
  chosen_micro_batches_hold_up("archs/cerebras_wse3.toml", "workloads/llama31_70b.toml", 4);
}

TEST_CASE(
    "sim: chosen micro-batches: silicon_llama70b batch 8 is within 3% of the better fixed rule") {
  chosen_micro_batches_hold_up("archs/concepts/silicon_llama70b.toml", "workloads/llama31_70b.toml",
                               std::nullopt);
}

TEST_CASE(
    "sim: --trace on a pipeline of chips writes each op on its stage's track, per micro-batch") {
  Chip groq("archs/groq_lpu.toml", "workloads/llama3_8b.toml");
  const auto plan = compiler::compile(machine::resolve(groq.arch), groq.w, decode(8, 128));
  sim::SimOptions o;
  o.micro_batches = 4;
  o.trace_path = fmt::format("{}/xpusim_spatial_trace_test.json",
                             std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
  sim::simulate(plan, o);
  std::ifstream in(o.trace_path);
  REQUIRE(in);
  const auto events = nlohmann::json::parse(in).at("traceEvents");
  std::set<int64_t> stages;
  int64_t op_spans = 0, crossings = 0, reductions = 0;
  std::set<int64_t> reduction_stages, block_tracks, links;
  int64_t block_spans = 0, link_hops = 0;
  for (const auto& e : events) {
    if (e.at("ph") != "X") continue;
    if (e.at("pid") == 2) {
      ++block_spans;
      block_tracks.insert(e.at("tid").get<int64_t>());
    }
    if (e.at("pid") == 1) {
      ++op_spans;
      stages.insert(e.at("tid").get<int64_t>());
    }
    if (e.at("pid") == 4 && e.at("tid") == 0) ++crossings;
    const int64_t stages = plan.mapping.pipeline_stages;
    if (e.at("pid") == 4 && e.at("tid").get<int64_t>() > 0 &&
        e.at("tid").get<int64_t>() <= stages) {
      ++reductions;
      reduction_stages.insert(e.at("tid").get<int64_t>() - 1);
    }
    if (e.at("pid") == 4 && e.at("tid").get<int64_t>() > stages) {
      ++link_hops;
      links.insert(e.at("tid").get<int64_t>());
    }
  }
  // Every op of the plan, once per layer it stands for, once per micro-batch; every micro-batch
  // crosses each stage boundary once.
  int64_t ops = 0;
  for (const auto& op : plan.ops) ops += op.repeat;
  CHECK(op_spans == ops * o.micro_batches);
  CHECK(static_cast<int64_t>(stages.size()) == plan.mapping.pipeline_stages);
  CHECK(crossings == (plan.mapping.pipeline_stages - 1) * o.micro_batches);
  // ... each over the link between the two stages, on that link's own track.
  CHECK(static_cast<int64_t>(links.size()) == plan.mapping.pipeline_stages - 1);
  CHECK(link_hops == crossings);
  // Each stage's GEMM reductions on its own link track, once per GEMM occurrence and
  // micro-batch (36 chips over 32 layers: every layer group spans 2 chips).
  int64_t gemms = 0;
  for (const auto& op : plan.ops)
    if (op.kind == workload::OpKind::kGemm) gemms += op.repeat;
  REQUIRE(plan.mapping.chips_per_layer > 1.0);
  CHECK(reductions == gemms * o.micro_batches);
  CHECK(static_cast<int64_t>(reduction_stages.size()) == plan.mapping.pipeline_stages);
  // Each chip of a stage on a track of its own, with a span for every op it runs.
  const auto blocks = static_cast<int64_t>(block_tracks.size()) / plan.mapping.pipeline_stages;
  CHECK(blocks == 2);
  CHECK(static_cast<int64_t>(block_tracks.size()) == blocks * plan.mapping.pipeline_stages);
  CHECK(block_spans == op_spans * blocks);
  std::remove(o.trace_path.c_str());
}

TEST_CASE(
    "sim: Groq's MXM installs a GEMM's weights at 409,600 bytes per 40 cycles of 900 MHz per "
    "chip, in both engines") {
  // Expectation from the paper's figures (ISCA'20: four 320x320 int8 planes installed in under
  // 40 cycles, 900 MHz), not from the arch file. At batch 1 a GEMM reads each weight once, so its
  // memory time is its install: 80 TB/s of SRAM would stream the same bytes ~8.7x faster.
  const Chip c("archs/groq_lpu.toml", "workloads/llama2_70b.toml");
  auto s = decode(1, 4000);
  s.chips = 576;
  const auto plan = compiler::compile(machine::resolve(c.arch), c.w, s);
  const double install_bytes_per_s = 409600.0 / 40.0 * 0.9e9;
  const auto closed_form = analytical::evaluate(plan);
  const auto simulated = sim::simulate(plan);
  for (size_t i = 0; i < plan.ops.size(); ++i) {
    const auto& op = plan.ops[i];
    if (op.name != "mlp.gate_up_proj") continue;
    const double expected_s =
        op.weight_bytes / (install_bytes_per_s * plan.mapping.chips_per_layer);
    const auto t =
        machine::static_op_time(plan.machine, plan.mapping, plan.workload->dtypes.activations, op);
    CHECK(std::abs(report("analytic install time of mlp.gate_up_proj", expected_s, t.memory_s,
                          "s")) <= 1e-9);
    CHECK(t.memory_s > 8.0 * op.weight_bytes /
                           (c.arch.sram->bandwidth_bytes_per_s * plan.mapping.chips_per_layer));
    // The SystemC op time (install, then the reduction over the node's links) per occurrence
    // against the analytic one.
    const double repeat = static_cast<double>(op.repeat);
    CHECK(std::abs(report("systemc mlp.gate_up_proj per layer", closed_form.ops[i].time_s / repeat,
                          simulated.result.ops[i].time_s / repeat, "s")) <= 0.05);
  }
}
