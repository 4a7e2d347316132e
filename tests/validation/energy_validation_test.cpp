// SPDX-License-Identifier: MIT
// The energy model against measurements (docs/energy.md):
//   - the H100 8192^3 bf16 GEMM of calibration/measurements/h100-sxm-microbench.json, 709.5 W and
//     1.046 pJ/FLOP, which the split is derived from: reproduced through the kernel model's
//     time, so the check is on the modelled rate (5%);
//   - the fp8 GEMM of the same file, 1352.5 TFLOP/s: the width rule plus the power cap predict
//     the throttled rate (5%), with nothing fitted to it;
//   - MLPerf Inference v5.1 Llama 2 70B Offline on 8x B200, 0.101 J/token of wall power
//     (MLCommons v5.1 Power_Result): one B200 at fp8, within a factor of 2 (see the test);
//   - H200 decode draws 137-300 W on a 700 W board (arXiv 2605.11999, four attention designs):
//     the floor is checked, the ceiling printed (docs/energy.md: the chip-side memory path the
//     H200's own measured power sets puts the H200 above it);
//   - the H200's measured power (calibration/measurements/h200-sxm-microbench.json, `power`):
//     its idle and clock power and its chip-side memory path are recomputed from it (the idle
//     readings and the decode-like matrix-vector product, gemv_bf16_m1), the same rule (the
//     H200's per bit x the node factor) is checked in every GPU's arch file, and the phases that
//     set nothing are compared (15%, or the gap docs/energy.md states): DRAM read, multiply and
//     write streams, an L2-resident multiply, the batch-64 matrix-vector product at the power
//     limit, and the clock and power of the sustained 8192^3 bf16 and fp8 GEMMs.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>

#include "analytical/evaluate.h"
#include "calibration/microbench.h"
#include "common/error.h"
#include "compiler/plan.h"
#include "config/gpu_efficiency_spec.h"
#include "config/resolve.h"
#include "energy/dvfs.h"
#include "energy/energy_model.h"
#include "machine/gpu_kernel_rates.h"
#include "result/energy_actions.h"
#include "serving/serving_spec.h"
#include "test_paths.h"

using namespace xpu;

namespace {

void report(const std::string& what, double expected, double modelled,
            const std::string& tolerance) {
  MESSAGE(
      fmt::format("{}: expected {:.4g} measured-model {:.4g} deviation_pct {:+.1f} (tolerance {})",
                  what, expected, modelled, 100.0 * (modelled / expected - 1.0), tolerance));
}

// A gap docs/energy.md states: the model's figure lies between (1 + lo) and (1 + hi) times the
// measured one.
void check_stated_gap(const std::string& what, double measured, double modelled, double lo,
                      double hi) {
  report(what, measured, modelled, fmt::format("gap {:+.0f} to {:+.0f}%", 100.0 * lo, 100.0 * hi));
  CHECK(modelled >= measured * (1.0 + lo));
  CHECK(modelled <= measured * (1.0 + hi));
}

struct H100 {
  calibration::Microbench mb =
      calibration::load_microbench(test::repo("calibration/measurements/h100-sxm-microbench.json"));
  config::ArchSpec arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  config::GpuEfficiencySpec eff = config::load_gpu_efficiency(arch.calibration_file);
  energy::ChipEnergy energy =
      energy::chip_energy(arch, result::reference_gemm(machine::resolve(arch, eff)));
};

// One 8192^3 GEMM in `t` on `g` (arch, eff and energy), priced and capped: by a uniform stretch,
// or with `dvfs` on the chip's V-f curve (compute-bound: all of its time is the core clock's).
struct SquareGemm {
  double flops_per_s = 0.0;
  double watts = 0.0;
  std::optional<energy::OperatingPoint> clock;
};
template <typename Gpu>
SquareGemm square_gemm(const Gpu& g, DType t, bool dvfs = false) {
  const double s = 8192.0;
  const double elem = bytes_per_element(t);
  const workload::GemmShape shape{8192, 8192, 8192, 1};
  const double dram = 3.0 * s * s * elem;
  const auto k = machine::gemm_time(g.eff.gemm, machine::GpuRates::of(g.arch, t), shape, dram);
  energy::Actions a;
  a.flops[t] = 2.0 * s * s * s;
  // On-chip traffic as the engine counts it for the reference GEMM, scaled to the operand size.
  const auto ref = result::reference_gemm(machine::resolve(g.arch, g.eff));
  a.l2_bytes = ref.l2_bytes * elem / 2.0;
  a.sram_bytes = ref.sram_bytes * elem / 2.0;
  a.dram_bytes = dram;
  std::optional<energy::DvfsInput> curve;
  if (dvfs) curve = energy::DvfsInput{energy::VfCurve(*g.arch.power.dvfs), 1.0};
  const auto capped =
      energy::cap_power(energy::price(a, g.energy, k.time_s, 1), g.energy, k.time_s, 1, curve);
  return {a.flops[t] / capped.latency_s, capped.energy.total_j() / capped.latency_s, capped.clock};
}

}  // namespace

TEST_CASE(
    "energy: H100 8192^3 bf16 GEMM reproduces the measured 709 W and 1.046 pJ/FLOP within 5%") {
  H100 h;
  const auto gemm = square_gemm(h, DType::kBf16);
  const double flops_per_s = gemm.flops_per_s, watts = gemm.watts;
  report("H100 bf16 GEMM power W", h.mb.bf16_avg_power_w, watts, "5%");
  report("H100 bf16 GEMM pJ/FLOP", h.mb.bf16_pj_per_flop, watts / flops_per_s * 1e12, "5%");
  // The energy window's own rate is power / energy per FLOP (678 TFLOP/s); the event-timed
  // median the kernel model is fitted on ran 7.7% faster.
  report("H100 bf16 GEMM TFLOP/s (energy window)", h.mb.bf16_avg_power_w / h.mb.bf16_pj_per_flop,
         flops_per_s * 1e-12, "5%");
  report("H100 bf16 GEMM TFLOP/s (timed median, printed)", h.mb.bf16_flops_per_s * 1e-12,
         flops_per_s * 1e-12, "-");
  CHECK(flops_per_s * 1e-12 ==
        doctest::Approx(h.mb.bf16_avg_power_w / h.mb.bf16_pj_per_flop).epsilon(0.05));
  CHECK(watts == doctest::Approx(h.mb.bf16_avg_power_w).epsilon(0.05));
  CHECK(watts / flops_per_s * 1e12 == doctest::Approx(h.mb.bf16_pj_per_flop).epsilon(0.05));
}

TEST_CASE(
    "energy: H100 8192^3 fp8 GEMM, throttled by the power cap, runs at the measured 1352.5 TFLOP/s "
    "within 5%") {
  H100 h;
  const auto gemm = square_gemm(h, DType::kFp8);
  const double flops_per_s = gemm.flops_per_s, watts = gemm.watts;
  const auto uncapped = machine::gemm_time(h.eff.gemm, machine::GpuRates::of(h.arch, DType::kFp8),
                                           {8192, 8192, 8192, 1}, 3.0 * 8192.0 * 8192.0);
  MESSAGE(fmt::format("uncapped model {:.1f} TFLOP/s; capped at {:.1f} W",
                      2.0 * 8192.0 * 8192.0 * 8192.0 / uncapped.time_s * 1e-12, watts));
  report("H100 fp8 GEMM TFLOP/s", (h.mb.fp8_flops_per_s * 1e-12), flops_per_s * 1e-12, "5%");
  CHECK(flops_per_s * 1e-12 == doctest::Approx((h.mb.fp8_flops_per_s * 1e-12)).epsilon(0.05));
  CHECK(watts <= h.energy.calibrated_power_w * (1.0 + 1e-9));
}

// MLPerf v5.1 Llama 2 70B Offline, Lenovo SR680a V3 (8x B200, 1000 W): 102,909 tok/s at 10,401 W
// of wall power = 0.101 J per generated token, prefill included. Offline runs one data-parallel
// replica per GPU, each with a full copy of the weights, so one B200 at a large decode batch
// stands for the system. A request = the prefill of its prompt + one decode step per output
// token at the mean context; J per output token = request energy / output tokens.
// Tolerance: a factor of 2, because (a) MLPerf power is at the wall: host CPUs, fans, NICs and
// power-supply losses (8 x 1000 W of GPU limit vs 10.4 kW measured) are not modelled, which
// reads low; (b) the submission ran fp4 weights (M51) where this runs fp8, which reads high
// (a 4-bit FLOP costs half an 8-bit one under the width rule); (c) the mean prompt and output
// lengths are the dataset's (workloads/scenarios/mlperf_llama2_70b_offline.toml).
namespace {
struct RequestEnergy {
  Result decode, prefill;
  double j_per_output_token = 0.0;
};
RequestEnergy b200_request(int64_t input, int64_t output) {
  auto arch = config::load_arch(test::repo("archs/b200.toml"));
  auto eff = config::efficiency_for(arch);
  auto w = config::resolve_workload(arch,
                                    config::load_workload(test::repo("workloads/llama2_70b.toml")));
  w.dtypes = {DType::kFp8, DType::kFp8, DType::kFp8, std::nullopt};
  RequestEnergy e;
  workload::Scenario decode;
  decode.phase = workload::Phase::kDecode;
  decode.context = input + output / 2;          // mean context over the generation
  for (int64_t batch : {512, 384, 256, 128}) {  // the largest decode batch that fits
    decode.batch = batch;
    try {
      e.decode = analytical::evaluate(compiler::compile(machine::resolve(arch), w, decode));
      break;
    } catch (const InfeasibleError&) {
    }
  }
  REQUIRE(e.decode.batch > 0);
  workload::Scenario prefill;
  prefill.phase = workload::Phase::kPrefill;
  prefill.batch = 1;
  prefill.prompt = input;
  e.prefill = analytical::evaluate(compiler::compile(machine::resolve(arch), w, prefill));
  e.j_per_output_token = (e.prefill.energy_j + output * e.decode.energy_j_per_token) / output;
  const auto& d = e.decode;
  MESSAGE(fmt::format(
      "B200 fp8 in {} out {}: decode b{} ctx {}: {:.0f} tok/s, {:.0f} W, {:.4f} J/token (compute "
      "{:.2f} "
      "sram {:.2f} l2 {:.2f} dram {:.2f} static {:.2f} J per step); prefill {:.2f} J at {:.0f} W; "
      "{:.4f} J per output token",
      input, output, d.batch, d.context, d.tokens_per_s, d.avg_power_w, d.energy_j_per_token,
      d.energy_breakdown_j.at("compute"), d.energy_breakdown_j.at("sram"),
      d.energy_breakdown_j.at("l2"), d.energy_breakdown_j.at("dram"),
      d.energy_breakdown_j.at("static"), e.prefill.energy_j, e.prefill.avg_power_w,
      e.j_per_output_token));
  return e;
}
}  // namespace

TEST_CASE(
    "energy: one B200 at fp8 on Llama 2 70B is within 2x of MLPerf's 0.101 J/token (8x B200 "
    "Offline)") {
  auto scenario =
      serving::load_serving(test::repo("workloads/scenarios/mlperf_llama2_70b_offline.toml"));
  const auto mean = b200_request(scenario.input_tokens, scenario.output_tokens);
  report("B200 Llama 2 70B J/output token (MLPerf mean lengths)", 0.101, mean.j_per_output_token,
         "factor 2");
  CHECK(mean.j_per_output_token >= 0.101 / 2.0);
  CHECK(mean.j_per_output_token <= 0.101 * 2.0);
  CHECK(mean.decode.avg_power_w <= 1000.0 * (1.0 + 1e-9));
  // The longest MLPerf prompts (~1024 in, ~256 out): printed, not checked; prefill dominates.
  const auto longest = b200_request(1024, 256);
  report("B200 Llama 2 70B decode-only J/token (1024 in, 256 out)", 0.101,
         longest.decode.energy_j_per_token, "printed");
  report("B200 Llama 2 70B J/output token (1024 in, 256 out)", 0.101, longest.j_per_output_token,
         "printed");
}

// The published band spans four attention designs at batch 1-64 and context 2048; what it
// includes beyond steady decode steps is not stated. Its floor is a hard check (a step cannot draw
// less than the chip's idle and clock power plus its DRAM device energy). Its ceiling is printed:
// with the chip-side memory path that the H200's own measured power sets (docs/energy.md weighs
// the evidence), the model's H200 lies above 300 W at batch 1, 16 and 64, as the same die under
// serving load does in another measurement (Serial Alice: 517 W at batch 128).
TEST_CASE(
    "energy: H200 decode power lies above the floor of the measured 137-300 W band (arXiv "
    "2605.11999), its ceiling printed") {
  auto arch = config::load_arch(test::repo("archs/h200.toml"));
  auto w = config::resolve_workload(arch,
                                    config::load_workload(test::repo("workloads/llama31_8b.toml")));
  for (int64_t batch : {1, 16, 64}) {
    workload::Scenario s;
    s.phase = workload::Phase::kDecode;
    s.batch = batch;
    s.context = 2048;
    const auto r = analytical::evaluate(compiler::compile(machine::resolve(arch), w, s));
    report(fmt::format("H200 Llama 3.1 8B bf16 decode b{} ctx 2048 W against the band's 300 W top",
                       batch),
           300.0, r.avg_power_w, "printed");
    CHECK(r.avg_power_w >= 137.0 * 0.75);
  }
}

// The H200's measured power phases: average board power from NVML's energy counter while one
// kind of work replays back to back (calibration/measurements/h200-sxm-microbench.json `power`;
// tools/microbench/gpu_microbench.py says how each was taken).
namespace {

struct PowerPhase {
  double watts = 0.0;
  double per_s = 0.0;  // the phase's rate: bytes, weight bytes or FLOPs per second
  double sm_mhz = 0.0;
};

struct H200 {
  nlohmann::json power;
  config::ArchSpec arch = config::load_arch(test::repo("archs/h200.toml"));
  config::GpuEfficiencySpec eff = config::efficiency_for(arch);
  machine::Machine machine = machine::resolve(arch, eff);
  energy::ChipEnergy energy = energy::chip_energy(arch, result::reference_gemm(machine));

  H200() {
    std::ifstream in(test::repo("calibration/measurements/h200-sxm-microbench.json"));
    power = nlohmann::json::parse(in).at("power");
  }
  PowerPhase phase(const std::string& name, const std::string& rate = "") const {
    const auto& p = power.at(name);
    return {p.at("avg_power_w").get<double>(), rate.empty() ? 0.0 : p.at(rate).get<double>(),
            p.at("median_sm_mhz").get<double>()};
  }
  // Two runs of each idle reading, averaged.
  double idle_w(const std::string& name) const {
    return 0.5 * (phase(name).watts + phase(name + "_run2").watts);
  }
  // One second of `a` (actions per second), priced as the assembler prices a step whose time no
  // clock sets (memory-bound: DRAM streams): the core at the V-f curve's clock, the cap applied.
  energy::Capped one_second(const energy::Actions& a) const {
    const energy::DvfsInput dvfs{energy::VfCurve(*arch.power.dvfs), 0.0};
    return energy::cap_power(energy::price(a, energy, 1.0, 1), energy, 1.0, 1, dvfs);
  }
};

// x[m, 8192] @ W[8192, 28672] in bf16 (the phases gemv_bf16_m1 and _m64), per second at
// `weight_bytes_per_s`, counted as result::actions_of counts a GEMM: its operands once from
// DRAM, L2 the tiles' panel loads (at least the operands), shared memory twice the L2.
// In fp8 (gemv_fp8_*: torch._scaled_mm) the weights and input are one byte, the output bf16.
energy::Actions gemv_per_second(const H200& h, int64_t m, double weight_bytes_per_s,
                                DType dtype = DType::kBf16) {
  const workload::GemmShape shape{m, 8192, 28672, 1};
  const double elem = bytes_per_element(dtype);
  const double weights = static_cast<double>(shape.k * shape.n) * elem;
  const double operands = weights + static_cast<double>(m * shape.k) * elem +
                          static_cast<double>(m * shape.n) * bytes_per_element(DType::kBf16);
  const double calls_per_s = weight_bytes_per_s / weights;
  energy::Actions a;
  a.flops[dtype] = 2.0 * static_cast<double>(m * shape.k * shape.n) * calls_per_s;
  a.dram_bytes = operands * calls_per_s;
  a.l2_bytes = std::max(operands, result::gemm_l2_bytes(h.machine, shape, dtype)) * calls_per_s;
  a.sram_bytes = 2.0 * a.l2_bytes;
  return a;
}

// An element-wise bf16 stream per second at `bytes_per_s`, counted as result::actions_of counts
// an element-wise op: L2 and registers once per byte, vector FLOPs per element as the workload
// states them; DRAM once per byte unless the L2 holds the data.
energy::Actions stream_per_second(double bytes_per_s, double flops_per_byte,
                                  bool from_dram = true) {
  energy::Actions a;
  a.vector_flops[DType::kBf16] = flops_per_byte * bytes_per_s;
  a.l2_bytes = a.sram_bytes = bytes_per_s;
  a.dram_bytes = from_dram ? bytes_per_s : 0.0;
  return a;
}

}  // namespace

// energy.static_power_w and clock_power_w of archs/h200.toml from the idle readings: idle with no
// CUDA context (SM at 345 MHz), and a context holding nothing (SM at 1980 MHz), two runs each.
// The H100 takes the same two (same GH100 die and 700 W board).
TEST_CASE("energy: the H100 and H200 idle and clock power are the H200's measured idle readings") {
  const H200 h;
  const double idle_w = h.idle_w("idle_no_context");
  const double clock_w = h.idle_w("idle_context") - idle_w;
  MESSAGE(fmt::format("H200 idle {:.2f} W, with a CUDA context {:.2f} W: clock {:.2f} W", idle_w,
                      h.idle_w("idle_context"), clock_w));
  for (const char* file : {"archs/h200.toml", "archs/h100_sxm.toml"}) {
    CAPTURE(file);
    const auto arch = config::load_arch(test::repo(file));
    const auto& a = *arch.energy.actions;
    CHECK(a.static_power_w == doctest::Approx(idle_w).epsilon(0.001));
    CHECK(a.clock_power_w == doctest::Approx(clock_w).epsilon(0.001));
  }
}

// energy.memory_path_pj_per_bit of archs/h200.toml from the measured decode-like matrix-vector
// product (gemv_bf16_m1: weights streamed from DRAM at 4.34 TB/s, SM at 1980 MHz, below the
// limit): what its board power leaves after the idle and clock power, the HBM3e device's
// pJ/bit and the MAC, L2 and shared-memory energy the model charges that kernel's work at that
// rate (at the timed clock's voltage), per DRAM bit, is the chip side of a DRAM bit.
TEST_CASE("energy: the H200's memory-path energy per bit follows from its measured gemv power") {
  const H200 h;
  const auto gemv = h.phase("gemv_bf16_m1", "weight_bytes_per_s");
  const auto& a = *h.arch.energy.actions;
  const auto work = gemv_per_second(h, 1, gemv.per_s);
  const auto priced = h.one_second(work);
  REQUIRE_FALSE(priced.clock.has_value());  // below the cap: the timed clock, as measured
  const double core_w = priced.energy.core_j();
  const double bits_per_s = work.dram_bytes * 8.0;
  const double device_w = h.arch.energy.dram_pj_per_bit * 1e-12 * bits_per_s;
  const double left_w = gemv.watts - a.static_power_w - a.clock_power_w - core_w - device_w;
  const double derived_pj_per_bit = left_w / bits_per_s * 1e12;
  MESSAGE(fmt::format(
      "gemv_bf16_m1 {:.1f} W at {:.3f} Tbit/s: idle {:.2f} clock {:.2f} MAC {:.2f} L2 {:.2f} "
      "shared memory {:.2f} HBM3e device {:.1f} W, left {:.1f} W",
      gemv.watts, bits_per_s * 1e-12, a.static_power_w, a.clock_power_w, priced.energy.compute_j,
      priced.energy.l2_j, priced.energy.sram_j, device_w, left_w));
  report("H200 memory path pJ/bit from the measured gemv_bf16_m1 power", derived_pj_per_bit,
         a.memory_path_pj_per_bit, "1%");
  CHECK(a.memory_path_pj_per_bit == doctest::Approx(derived_pj_per_bit).epsilon(0.01));
  // What the model then prices the phase at is the measurement itself (a calibration figure).
  CHECK(priced.energy.total_j() == doctest::Approx(gemv.watts).epsilon(0.01));
}

// One rule for the chip side of a DRAM bit and for the vector units on every GPU: the H200's
// measured price times the chip's on-chip node factor relative to the H200's (the ratio of their
// node-scaled SRAM prices, both from the same 28 nm base figure).
TEST_CASE(
    "energy: every GPU prices the chip-side memory path and element-wise FLOPs by the H200's "
    "rule") {
  const auto h200 = config::load_arch(test::repo("archs/h200.toml"));
  const auto& ref = *h200.energy.actions;
  REQUIRE(ref.memory_path_pj_per_bit > 0.0);
  REQUIRE(ref.vector_pj_per_flop > 0.0);
  for (const char* file : {"archs/h100_sxm.toml", "archs/b200.toml", "archs/gb200.toml",
                           "archs/mi300x.toml", "archs/mi325x.toml", "archs/a100_sxm.toml"}) {
    CAPTURE(file);
    const auto arch = config::load_arch(test::repo(file));
    const auto& a = *arch.energy.actions;
    const double node_factor = a.sram_pj_per_bit / ref.sram_pj_per_bit;
    CHECK(a.memory_path_pj_per_bit ==
          doctest::Approx(ref.memory_path_pj_per_bit * node_factor).epsilon(1e-9));
    CHECK(a.vector_pj_per_flop ==
          doctest::Approx(ref.vector_pj_per_flop * node_factor).epsilon(1e-9));
  }
}

// energy.vector_pj_per_flop of archs/h200.toml from the measured multiply stream (dram_mul:
// torch.mul over 1 GiB bf16 tensors, two read and one written per element, one multiply per
// element written, 4.40 TB/s, SM at 1980 MHz, below the limit): what its board power leaves
// after everything else the model charges that stream (idle, clock, DRAM device and memory path,
// L2 and registers) is the vector FLOPs' energy, per FLOP at the reference voltage.
TEST_CASE("energy: the H200's vector energy per FLOP follows from its measured multiply stream") {
  const H200 h;
  const auto mul = h.phase("dram_mul", "bytes_per_s");
  const auto work = stream_per_second(mul.per_s, 1.0 / 6.0);
  const auto priced = h.one_second(work);
  REQUIRE_FALSE(priced.clock.has_value());  // below the cap: the timed clock, as measured
  const double vector_w = priced.energy.vector_j;
  const double other_w = priced.energy.total_j() - vector_w;
  const double pj_per_flop = h.arch.energy.actions->vector_pj_per_flop;
  const double derived_pj_per_flop = pj_per_flop * (mul.watts - other_w) / vector_w;
  MESSAGE(
      fmt::format("dram_mul {:.1f} W at {:.2f} TB/s: all but the vector FLOPs {:.1f} W, "
                  "{:.3g} vector FLOP/s",
                  mul.watts, mul.per_s * 1e-12, other_w, work.vector_flops.at(DType::kBf16)));
  report("H200 vector pJ/FLOP from the measured dram_mul power", derived_pj_per_flop, pj_per_flop,
         "1%");
  CHECK(pj_per_flop == doctest::Approx(derived_pj_per_flop).epsilon(0.01));
  CHECK(priced.energy.total_j() == doctest::Approx(mul.watts).epsilon(0.01));
}

// Compared, not fitted: the other DRAM streams of SM kernels at their measured rates (1 GiB bf16
// buffers). torch.sum reads (one add per element read, SM at 1980 MHz, below the limit);
// F.silu reads one and writes one (four FLOPs per element, as the workload counts them) and ran
// into the 700 W limit at 1785 MHz, which the model's cap also reaches.
TEST_CASE("energy: H200 DRAM read and SiLU streams draw the measured board power within 15%") {
  const H200 h;
  for (const auto& [name, flops_per_byte] : {std::pair<const char*, double>{"dram_read", 0.5},
                                             {"dram_read_sm", 0.5},
                                             {"dram_silu", 1.0}}) {
    const auto p = h.phase(name, "bytes_per_s");
    const auto priced = h.one_second(stream_per_second(p.per_s, flops_per_byte));
    const double watts = priced.energy.total_j();
    report(fmt::format("H200 {} W at {:.2f} TB/s (SM {:.0f} MHz; model {:.0f} MHz)", name,
                       p.per_s * 1e-12, p.sm_mhz,
                       priced.clock ? priced.clock->clock_hz * 1e-6
                                    : h.arch.power.dvfs->max_clock_hz * 1e-6),
           p.watts, watts, "15%");
    CHECK(watts == doctest::Approx(p.watts).epsilon(0.15));
  }
}

// A fill writes DRAM and reads nothing. The model prices a DRAM byte the same whichever way it
// moves (one device and one chip-side price per bit), so the write stream is priced as the read
// stream at its rate; the measured fill draws less than that. docs/energy.md states the gap,
// +25 to +35 %, and this checks it stays there.
TEST_CASE(
    "energy: H200 DRAM write stream, priced as any DRAM byte, lies above the measured power by the "
    "stated gap") {
  const H200 h;
  const auto p = h.phase("dram_write", "bytes_per_s");
  const double watts = h.one_second(stream_per_second(p.per_s, 0.0)).energy.total_j();
  check_stated_gap(fmt::format("H200 dram_write W at {:.2f} TB/s", p.per_s * 1e-12), p.watts, watts,
                   0.25, 0.35);
}

// torch.sum and torch.mul on tensors the 60 MB L2 holds (l2_read_sm: 16 MiB read at 1.78 TB/s;
// l2_mul_sm: 3 x 12 MiB at 6.07 TB/s; SM at 1980 MHz): the model prices those bytes at
// the node-scaled L2 and register-file figures, far below what the board measured beyond its
// idle, clock and vector-FLOP power. docs/energy.md states the gaps and this checks they stay
// there.
TEST_CASE(
    "energy: H200 L2-resident read and multiply streams lie below the measured power by the "
    "stated gaps") {
  const H200 h;
  for (const auto& [name, flops_per_byte, lo, hi] :
       {std::tuple<const char*, double, double, double>{"l2_read_sm", 0.5, -0.40, -0.30},
        {"l2_mul_sm", 1.0 / 6.0, -0.70, -0.60}}) {
    const auto p = h.phase(name, "bytes_per_s");
    const double watts =
        h.one_second(stream_per_second(p.per_s, flops_per_byte, false)).energy.total_j();
    check_stated_gap(fmt::format("H200 {} W at {:.2f} TB/s", name, p.per_s * 1e-12), p.watts, watts,
                     lo, hi);
  }
}

// x[64, 8192] @ W[8192, 28672] bf16 from DRAM at 4.15 TB/s of weights: the measured phase ran at
// the 700 W limit (SM 1830 MHz). Memory-bound, so the model's cap lowers the core's voltage and
// keeps the time.
TEST_CASE(
    "energy: H200 batch-64 gemv at the power limit draws the measured board power within 15%") {
  const H200 h;
  const auto p = h.phase("gemv_bf16_m64", "weight_bytes_per_s");
  const auto priced = h.one_second(gemv_per_second(h, 64, p.per_s));
  const double clock_mhz =
      priced.clock ? priced.clock->clock_hz * 1e-6 : h.arch.power.dvfs->max_clock_hz * 1e-6;
  report("H200 gemv_bf16_m64 W", p.watts, priced.energy.total_j(), "15%");
  report("H200 gemv_bf16_m64 SM clock MHz", p.sm_mhz, clock_mhz, "printed");
  CHECK(priced.energy.total_j() == doctest::Approx(p.watts).epsilon(0.15));
}

// Decode's weight streaming across batch sizes (calibration/measurements/h200-sxm-microbench.json
// `power_batch_sweep`, a third run on another H200): x[m, 8192] @ W[8192, 28672] at batch 1 to
// 256 in bf16 and in fp8, each at its measured rate. Compared only; none sets a parameter (the
// memory path was set on the first machine's gemv_bf16_m1).
TEST_CASE(
    "energy: H200 decode weight streaming at batch 1-256, bf16 and fp8, draws the measured board "
    "power within 15%") {
  const H200 h;
  std::ifstream in(test::repo("calibration/measurements/h200-sxm-microbench.json"));
  const auto sweep = nlohmann::json::parse(in).at("power_batch_sweep");
  for (const auto& [dtype, name, batches] :
       {std::tuple{DType::kBf16, "bf16", std::vector<int64_t>{1, 8, 16, 32, 64, 128, 256}},
        std::tuple{DType::kFp8, "fp8", std::vector<int64_t>{1, 16, 64, 256}}}) {
    for (const int64_t m : batches) {
      const auto& p = sweep.at(fmt::format("gemv_{}_m{}", name, m));
      const double watts = p.at("avg_power_w").get<double>();
      const auto priced =
          h.one_second(gemv_per_second(h, m, p.at("weight_bytes_per_s").get<double>(), dtype));
      report(fmt::format("H200 gemv_{}_m{} W ({:.2f} TB/s of weights, SM {} MHz)", name, m,
                         p.at("weight_bytes_per_s").get<double>() * 1e-12,
                         p.at("median_sm_mhz").get<double>()),
             watts, priced.energy.total_j(), "15%");
      CHECK(priced.energy.total_j() == doctest::Approx(watts).epsilon(0.15));
    }
  }
}

// The sustained 8192^3 GEMMs under the 700 W limit (bf16 through torch.matmul, fp8 through
// torch._scaled_mm), at the clock the V-f curve gives them. Power within 15%; the clock the
// limiter held (NVML median) lies below the model's, by the gap docs/energy.md states (the
// model's clock at the cap is set by the H100's calibration point, 1838 MHz for 678 TFLOP/s),
// which this checks stays within the stated band.
TEST_CASE(
    "energy: H200 sustained 8192^3 GEMMs at the power limit - power within 15%, clock by the "
    "stated gap") {
  const H200 h;
  for (const auto& [name, t, band_lo, band_hi] :
       {std::tuple<const char*, DType, double, double>{"gemm_bf16_8192", DType::kBf16, 0.20, 0.30},
        {"gemm_fp8_8192", DType::kFp8, 0.30, 0.40}}) {
    CAPTURE(name);
    const auto p = h.phase(name, "flop_per_s");
    const auto gemm = square_gemm(h, t, true);
    REQUIRE(gemm.clock.has_value());
    const double clock_mhz = gemm.clock->clock_hz * 1e-6;
    report(fmt::format("H200 {} W", name), p.watts, gemm.watts, "15%");
    check_stated_gap(fmt::format("H200 {} SM clock MHz", name), p.sm_mhz, clock_mhz, band_lo,
                     band_hi);
    report(fmt::format("H200 {} TFLOP/s", name), p.per_s * 1e-12, gemm.flops_per_s * 1e-12,
           "printed");
    CHECK(gemm.watts == doctest::Approx(p.watts).epsilon(0.15));
  }
}
