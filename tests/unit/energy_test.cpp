// SPDX-License-Identifier: MIT
// The energy model (models/energy, docs/energy.md): the split of the all-in figure, the width
// rule, power capping, the breakdown and the fleet helper.
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <cmath>
#include <cstdio>
#include <fstream>

#include <string>
#include <vector>

#include "analytical/evaluate.h"
#include "common/error.h"
#include "compiler/plan.h"
#include "config/energy_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "config/resolve.h"
#include "energy/energy_model.h"
#include "machine/machine.h"
#include "machine/static_schedule.h"
#include "result/energy_actions.h"
#include "test_paths.h"

using namespace xpu;

namespace {

const std::vector<std::string> kGpus = {"h100_sxm", "h200",   "a100_sxm", "b200",
                                        "gb200",    "mi300x", "mi325x"};

struct Chip {
  config::ArchSpec arch;
  config::GpuEfficiencySpec eff;
  explicit Chip(const std::string& id)
      : Chip(config::load_arch(test::repo("archs/" + id + ".toml"))) {}
  explicit Chip(config::ArchSpec a) : arch(std::move(a)), eff(config::efficiency_for(arch)) {}
  energy::ChipEnergy energy() const {
    return energy::chip_energy(arch, result::reference_gemm(machine::resolve(arch, eff)));
  }
};

Result run(const Chip& c, const std::string& workload_id, workload::Phase phase, int64_t batch,
           int64_t tokens) {
  auto w = config::resolve_workload(
      c.arch, config::load_workload(test::repo("workloads/" + workload_id + ".toml")));
  workload::Scenario s;
  s.phase = phase;
  s.batch = batch;
  if (phase == workload::Phase::kPrefill) {
    s.prompt = tokens;
  } else {
    s.context = tokens;
  }
  return analytical::evaluate(compiler::compile(machine::resolve(c.arch), w, s));
}

config::EnergySpec parse_energy(const std::string& text) {
  auto doc = config::Document::parse(text, "energy.toml");
  return config::read_energy(config::Table::root_of(doc).table("energy"), true);
}

}  // namespace

TEST_CASE(
    "energy: the H100 split of 1.046 pJ/FLOP into static, memory and MAC energy adds back up") {
  Chip h100("h100_sxm");
  const auto ref = result::reference_gemm(machine::resolve(h100.arch, h100.eff));
  const auto e = h100.energy();
  REQUIRE(e.action_model);
  const double rate = 709.5 / 1.046e-12;  // reference_power_w / compute_pj_per_flop: 678 TFLOP/s
  const double static_pj = e.static_power_w / rate * 1e12;
  const double memory_pj = (ref.sram_bytes * e.sram_j_per_byte + ref.l2_bytes * e.l2_j_per_byte +
                            ref.dram_bytes * e.dram_j_per_byte) /
                           ref.flops * 1e12;
  const double mac_pj = e.mac_j_per_flop_16bit * 1e12;
  MESSAGE(
      fmt::format("H100 reference GEMM at 709.5 W, {:.1f} TFLOP/s: static {:.4f} + memory {:.4f} + "
                  "MAC {:.4f} pJ/FLOP",
                  rate * 1e-12, static_pj, memory_pj, mac_pj));
  CHECK(static_pj + memory_pj + mac_pj == doctest::Approx(h100.arch.energy.compute_pj_per_flop));
  CHECK(mac_pj > 0.8);  // the MAC datapath is most of a compute-bound GEMM's energy
  CHECK(static_pj > 0.0);
  CHECK(e.calibrated_power_w == doctest::Approx(709.5));
}

TEST_CASE(
    "energy: an 8-bit FLOP costs half a 16-bit one and a 4-bit FLOP a quarter (linear width "
    "rule)") {
  const auto e = Chip("b200").energy();
  CHECK(e.j_per_flop(DType::kFp8) == doctest::Approx(0.5 * e.j_per_flop(DType::kBf16)));
  CHECK(e.j_per_flop(DType::kInt8) == doctest::Approx(e.j_per_flop(DType::kFp8)));
  CHECK(e.j_per_flop(DType::kFp4) == doctest::Approx(0.25 * e.j_per_flop(DType::kBf16)));
  CHECK(e.j_per_flop(DType::kFp16) == doctest::Approx(e.j_per_flop(DType::kBf16)));
}

TEST_CASE("energy: each GPU's reference point agrees with its modelled 8192^3 bf16 GEMM") {
  for (const auto& id : kGpus) {
    Chip c(id);
    const auto ref = result::reference_gemm(machine::resolve(c.arch, c.eff));
    const auto& a = *c.arch.energy.actions;
    const double power = c.arch.energy.compute_pj_per_flop * 1e-12 * ref.flops_per_s;
    const double reference_rate = a.reference_power_w / (c.arch.energy.compute_pj_per_flop * 1e-12);
    MESSAGE(
        fmt::format("{}: modelled GEMM {:.1f} TFLOP/s x {} pJ/FLOP = {:.1f} W; reference {:.0f} W "
                    "at {:.1f} TFLOP/s "
                    "(limit {} W)",
                    id, ref.flops_per_s * 1e-12, c.arch.energy.compute_pj_per_flop, power,
                    a.reference_power_w, reference_rate * 1e-12, c.arch.power.tdp_w));
    if (id == "h100_sxm" || id == "h200") {
      // Measured: the 3 s energy window sustained 678 TFLOP/s, 7.7% below the timed median the
      // kernel model is fitted on (730.5); the power cap removes the difference.
      CHECK(reference_rate == doctest::Approx(ref.flops_per_s).epsilon(0.10));
      CHECK(reference_rate < ref.flops_per_s);
    } else {
      // Derived: compute_pj_per_flop = tdp / modelled rate (A: at the power limit).
      CHECK(a.reference_power_w == c.arch.power.tdp_w);
      CHECK(power == doctest::Approx(c.arch.power.tdp_w).epsilon(0.02));
    }
  }
}

TEST_CASE("energy: a memory-bound decode draws less power than a compute-bound prefill") {
  Chip h100("h100_sxm");
  const auto decode = run(h100, "llama3_8b", workload::Phase::kDecode, 1, 2048);
  const auto prefill = run(h100, "llama3_8b", workload::Phase::kPrefill, 1, 4096);
  MESSAGE(fmt::format("H100 Llama 3 8B: decode b1 {:.0f} W, prefill 4096 {:.0f} W",
                      decode.avg_power_w, prefill.avg_power_w));
  CHECK(decode.avg_power_w < 0.6 * prefill.avg_power_w);
  CHECK(decode.avg_power_w > h100.energy().static_power_w);  // static power is always drawn
  CHECK(decode.energy_breakdown_j.at("dram") > decode.energy_breakdown_j.at("compute"));
  CHECK(prefill.energy_breakdown_j.at("compute") > prefill.energy_breakdown_j.at("dram"));
}

TEST_CASE("energy: power never exceeds the chip's limit after capping") {
  for (const auto& id : kGpus) {
    Chip c(id);
    const auto e = c.energy();
    const double cap = std::max(e.tdp_w, e.calibrated_power_w);
    auto w = config::resolve_workload(
        c.arch, config::load_workload(test::repo("workloads/llama3_8b.toml")));
    for (DType t : {DType::kBf16, DType::kFp8}) {
      if (!c.arch.compute.dense_peak_flops_per_s.count(t)) continue;
      w.dtypes = {t, t, t, std::nullopt};
      for (int64_t batch : {1, 64, 512}) {
        for (auto phase : {workload::Phase::kDecode, workload::Phase::kPrefill}) {
          workload::Scenario s;
          s.phase = phase;
          s.batch = phase == workload::Phase::kPrefill ? std::max<int64_t>(1, batch / 64) : batch;
          s.prompt = 2048;
          s.context = 2048;
          Result r;
          try {
            r = analytical::evaluate(compiler::compile(machine::resolve(c.arch), w, s));
          } catch (const InfeasibleError&) {
            continue;  // does not fit
          }
          CHECK_MESSAGE(r.avg_power_w / r.chips <= cap * (1.0 + 1e-9),
                        fmt::format("{} {} b{}: {:.0f} W > {:.0f} W", id, name_of(t), s.batch,
                                    r.avg_power_w, cap));
        }
      }
    }
  }
}

TEST_CASE("energy: a capped step is slowed so that power equals the limit, and says so") {
  energy::ChipEnergy e;
  e.action_model = true;
  e.static_power_w = 100.0;
  e.tdp_w = 700.0;
  e.cap_w = 700.0;  // rated limit, calibration taken at it
  energy::Breakdown b;
  b.compute_j = 0.9;  // 900 W dynamic over 1 ms: 1000 W with static
  b.static_j = 0.1;
  const auto c = energy::cap_power(b, e, 1e-3, 1);
  CHECK(c.stretch == doctest::Approx(1.5));
  CHECK(c.energy.total_j() / c.latency_s == doctest::Approx(700.0));
  CHECK(c.energy.compute_j == doctest::Approx(0.9));
  const auto below = energy::cap_power(b, e, 2e-3, 1);  // 550 W: untouched
  CHECK(below.stretch == 1.0);

  // Llama 3 70B's 8192-wide GEMMs run at the kernel model's timed rate, above the power the
  // H100 sustained in the energy window: the cap brings the step back to 709.5 W.
  Chip h100("h100_sxm");
  auto w = config::resolve_workload(h100.arch,
                                    config::load_workload(test::repo("workloads/llama3_70b.toml")));
  workload::Scenario s;
  s.phase = workload::Phase::kPrefill;
  s.batch = 4;
  s.prompt = 4096;
  s.layers = 4;
  const auto r = analytical::evaluate(compiler::compile(machine::resolve(h100.arch), w, s));
  bool noted = false;
  for (const auto& warning : r.warnings) noted |= warning.rfind("energy: power-capped", 0) == 0;
  MESSAGE(fmt::format("H100 Llama 3 70B prefill (4 layers): {:.0f} W, MFU {:.1f}%", r.avg_power_w,
                      100 * r.mfu));
  CHECK(noted);
  CHECK(r.avg_power_w == doctest::Approx(h100.energy().calibrated_power_w));
  double ops_s = 0.0;
  for (const auto& o : r.ops) ops_s += o.time_s;
  CHECK(ops_s == doctest::Approx(r.latency_s));
}

TEST_CASE(
    "energy: the breakdown has eight components that sum to the step's energy, and static splits "
    "into idle and clock power") {
  Chip h100("h100_sxm");
  const auto r = run(h100, "llama3_8b", workload::Phase::kDecode, 32, 1024);
  double sum = 0.0;
  for (const char* key : {"compute", "vector", "sram", "l2", "dram", "links", "fabric", "static"}) {
    REQUIRE(r.energy_breakdown_j.count(key) == 1);
    CHECK(r.energy_breakdown_j.at(key) >= 0.0);
    sum += r.energy_breakdown_j.at(key);
  }
  CHECK(r.energy_breakdown_j.size() == 8);
  CHECK(r.energy_breakdown_j.at("vector") > 0.0);   // norms, RoPE, SiLU, residual adds
  CHECK(r.energy_breakdown_j.at("fabric") == 0.0);  // a GPU has no wafer mesh
  CHECK(sum == doctest::Approx(r.energy_j));
  CHECK(r.energy_j_per_token * 32 == doctest::Approx(r.energy_j));
  // archs/h100_sxm.toml: idle 77.58 W and the active clock state's 43.84 W (the H200's measured
  // idle readings), over the whole step.
  CHECK(r.energy_breakdown_j.at("static") == doctest::Approx((77.58 + 43.84) * r.latency_s));
  REQUIRE(r.static_breakdown_j.size() == 2);
  CHECK(r.static_breakdown_j.at("idle") == doctest::Approx(77.58 * r.latency_s));
  CHECK(r.static_breakdown_j.at("clock") == doctest::Approx(43.84 * r.latency_s));
  for (const auto& warning : r.warnings)
    CHECK(warning.find("static and idle power") == std::string::npos);
}

TEST_CASE("energy: chips without static_power_w keep the two-term estimate and say so") {
  // A copy of the Sohu file without its action-model keys.
  std::ifstream in(test::repo("archs/etched_sohu.toml"));
  std::string text, line;
  while (std::getline(in, line)) {
    bool action_key = false;
    for (auto key : {"static_power_w", "clock_power_w", "reference_power_w", "sram_pj_per_bit",
                     "l2_pj_per_bit", "link_pj_per_bit", "flop_width_exponent"}) {
      action_key |= line.find(key) != std::string::npos;
    }
    if (!action_key) text += line + "\n";
  }
  // Written outside archs/ so that a concurrent report over archs/ never sees it.
  const std::string path = "/tmp/xpusim_two_term_sohu_test.toml";
  std::ofstream(path) << text;
  Chip sohu(config::load_arch(path));
  const auto e = sohu.energy();
  CHECK_FALSE(e.action_model);
  const auto r = run(sohu, "llama3_70b", workload::Phase::kDecode, 8, 1024);
  CHECK(r.energy_breakdown_j.at("static") == 0.0);
  bool noted = false;
  for (const auto& warning : r.warnings)
    noted |= warning.find("static and idle power are not modelled") != std::string::npos;
  CHECK(noted);
  CHECK(r.energy_j == doctest::Approx(r.flops * sohu.arch.energy.compute_pj_per_flop * 1e-12 +
                                      r.dram_bytes * 8 * sohu.arch.energy.dram_pj_per_bit * 1e-12));
}

TEST_CASE(
    "energy: action-model keys without static_power_w, or a negative static power, are refused") {
  CHECK_THROWS_WITH_AS(
      parse_energy("[energy]\ncompute_pj_per_flop = 1\ndram_pj_per_bit = 6\nl2_pj_per_bit = 0.1\n"),
      doctest::Contains("only with static_power_w"), ConfigError);
  CHECK_THROWS_AS(parse_energy("[energy]\ncompute_pj_per_flop = 1\ndram_pj_per_bit = "
                               "6\nstatic_power_w = -1\nreference_power_w = 500\n"
                               "sram_pj_per_bit = 0.1\nl2_pj_per_bit = 0.1\nlink_pj_per_bit = "
                               "1\nflop_width_exponent = 1\n"),
                  ConfigError);
  CHECK_THROWS_WITH_AS(
      parse_energy("[energy]\ncompute_pj_per_flop = 1\ndram_pj_per_bit = 6\nstatic_power_w = 50\n"),
      doctest::Contains("reference_power_w"), ConfigError);
  const auto ok = parse_energy(
      "[energy]\ncompute_pj_per_flop = 1\ndram_pj_per_bit = 6\nstatic_power_w = "
      "50\nreference_power_w = 500\n"
      "sram_pj_per_bit = 0.1\nl2_pj_per_bit = 0.2\nlink_pj_per_bit = 1\nflop_width_exponent = 2\n");
  REQUIRE(ok.actions);
  CHECK(ok.actions->flop_width_exponent == 2.0);
  CHECK(ok.actions->clock_power_w == 0.0);  // optional
  CHECK_THROWS_WITH_AS(
      parse_energy("[energy]\ncompute_pj_per_flop = 1\ndram_pj_per_bit = 6\nclock_power_w = 30\n"),
      doctest::Contains("only with static_power_w"), ConfigError);
  CHECK_THROWS_WITH_AS(
      parse_energy("[energy]\ncompute_pj_per_flop = 1\ndram_pj_per_bit = 6\nstatic_power_w = "
                   "50\nclock_power_w = -1\nreference_power_w = 500\nsram_pj_per_bit = 0.1\n"
                   "l2_pj_per_bit = 0.2\nlink_pj_per_bit = 1\nflop_width_exponent = 1\n"),
      doctest::Contains("clock_power_w"), ConfigError);
}

TEST_CASE("energy: a chip whose constants leave no MAC energy is refused by name") {
  Chip h100("h100_sxm");
  h100.arch.energy.actions->static_power_w = 800.0;  // more than the whole reference power
  CHECK_THROWS_WITH_AS(h100.energy(), doctest::Contains("leaves no MAC energy"), InfeasibleError);
}

// The same work spread over more chips: every chip's FLOPs, bytes and static power are counted,
// so splitting never makes a token cheaper than the one-chip step it divides (issue 15: tp=2
// read 27% below tp=1 and dp=8 below one chip when only one chip's work was priced).
TEST_CASE(
    "energy: tp=2 and dp=2 cost at least tp=1's energy per token, and count every chip's work") {
  const auto arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  const auto w =
      config::resolve_workload(arch, config::load_workload(test::repo("workloads/llama3_8b.toml")));
  const auto machine = machine::resolve(arch);
  auto run = [&](int64_t tp, int64_t dp) {
    workload::Scenario s;
    s.batch = 64;
    s.context = 1024;
    s.parallel.tp = tp;
    s.parallel.dp = dp;
    return analytical::evaluate(compiler::compile(machine, w, s));
  };
  const Result one = run(1, 1), tp2 = run(2, 1), dp2 = run(1, 2);
  MESSAGE(fmt::format("J/token: tp1 {:.5f}, tp2 {:.5f}, dp2 {:.5f}", one.energy_j_per_token,
                      tp2.energy_j_per_token, dp2.energy_j_per_token));
  CHECK(tp2.energy_j_per_token >= one.energy_j_per_token);
  CHECK(dp2.energy_j_per_token >= one.energy_j_per_token);
  // The same model FLOPs whichever way the batch is split (the LM head's padding aside: 0.1%).
  CHECK(tp2.flops == doctest::Approx(one.flops).epsilon(1e-3));
  CHECK(dp2.flops == doctest::Approx(one.flops).epsilon(1e-3));
  // Two data-parallel replicas stream the weights twice.
  CHECK(dp2.energy_breakdown_j.at("dram") > 1.5 * one.energy_breakdown_j.at("dram"));
}

// A lower power limit caps power and slows compute-bound work (issue 15: a copy of the H100 with
// tdp_w = 400 ran a 2,048-token prefill at 692 W). The cap keeps the measured limiter overshoot
// of the calibration (709.5 W averaged under a 700 W limit): 400 x 709.5 / 700 = 405.4 W.
TEST_CASE(
    "energy: an H100 at tdp_w = 400 draws at most its 405.4 W cap and runs a 2048-token prefill "
    "slower than at 700 W") {
  auto arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  const auto w =
      config::resolve_workload(arch, config::load_workload(test::repo("workloads/llama3_8b.toml")));
  workload::Scenario s;
  s.phase = workload::Phase::kPrefill;
  s.batch = 1;
  s.prompt = 2048;
  const Result rated = analytical::evaluate(compiler::compile(machine::resolve(arch), w, s));
  arch.power.tdp_w = 400;
  const Result capped = analytical::evaluate(compiler::compile(machine::resolve(arch), w, s));
  const double cap_w = 400.0 * 709.5 / 700.0;
  MESSAGE(fmt::format("700 W: {:.1f} W, {:.3f} ms; 400 W: {:.1f} W, {:.3f} ms", rated.avg_power_w,
                      rated.latency_s * 1e3, capped.avg_power_w, capped.latency_s * 1e3));
  CHECK(rated.avg_power_w > cap_w);  // the point is above the lower cap, so the cap binds
  CHECK(capped.avg_power_w <= cap_w * (1.0 + 1e-9));
  CHECK(capped.latency_s > 1.2 * rated.latency_s);
}

// On-wafer fabric (issue 15): the mesh reduction after every GEMM moves its output along rows of
// sqrt(900,000) = 948.7 cores and back, 2 x 947.7 hops per output byte, priced at
// energy.fabric_pj_per_bit of archs/cerebras_wse3.toml; a GPU has no mesh and books none.
TEST_CASE("energy: a wafer's mesh reduction is priced as fabric energy, and a GPU books none") {
  Chip wse("cerebras_wse3");
  workload::Op gemm;
  gemm.kind = workload::OpKind::kGemm;
  gemm.gemm = workload::GemmShape{1, 4096, 4096, 1};
  const double hops = machine::mesh_reduction_byte_hops(gemm, wse.arch, DType::kBf16);
  CHECK(hops == doctest::Approx(2.0 * (std::sqrt(900000.0) - 1.0) * 4096.0 * 2.0));
  energy::Actions a;
  a.fabric_byte_hops = hops;
  const auto e = wse.energy();
  CHECK(energy::price(a, e, 0.0, 1).fabric_j ==
        doctest::Approx(hops * 8.0 * wse.arch.energy.actions->fabric_pj_per_bit * 1e-12));
  const auto r = run(wse, "llama3_8b", workload::Phase::kDecode, 1, 1024);
  MESSAGE(fmt::format("WSE-3 Llama 3 8B decode b1: fabric {:.3g} J of {:.3g} J per step",
                      r.energy_breakdown_j.at("fabric"), r.energy_j));
  CHECK(r.energy_breakdown_j.at("fabric") > 0.0);
  Chip h100("h100_sxm");
  CHECK(machine::mesh_reduction_byte_hops(gemm, h100.arch, DType::kBf16) == 0.0);
}

// energy.memory_path_pj_per_bit: the chip's side of the memory interface, priced per DRAM bit on
// top of the device's dram_pj_per_bit and booked as `dram`. Set on the H100 only (docs/energy.md);
// the H200 pays the device's price alone. Accepted only with the action model.
TEST_CASE("energy: a DRAM byte costs the device's pJ/bit plus the chip-side memory path's") {
  // Every GPU prices the path (one rule, docs/energy.md); Etched Sohu, not a GPU, has none.
  for (const std::string id : {"h100_sxm", "etched_sohu"}) {
    CAPTURE(id);
    const Chip chip(id);
    const auto& a = *chip.arch.energy.actions;
    const auto r = run(chip, "llama3_8b", workload::Phase::kDecode, 1, 1024);
    const double pj_per_bit = chip.arch.energy.dram_pj_per_bit + a.memory_path_pj_per_bit;
    CHECK(r.energy_breakdown_j.at("dram") ==
          doctest::Approx(r.dram_bytes * 8.0 * pj_per_bit * 1e-12).epsilon(1e-9));
    CHECK(chip.energy().dram_j_per_byte == doctest::Approx(pj_per_bit * 8e-12).epsilon(1e-12));
  }
  CHECK(Chip("h100_sxm").arch.energy.actions->memory_path_pj_per_bit > 0.0);
  CHECK(Chip("etched_sohu").arch.energy.actions->memory_path_pj_per_bit == 0.0);
  CHECK_THROWS_AS(parse_energy("[energy]\ncompute_pj_per_flop = 1\ndram_pj_per_bit = 6\n"
                               "memory_path_pj_per_bit = 6\n"),
                  ConfigError);
}

// Element-wise FLOPs run on the vector units: a GPU prices them at its vector_pj_per_flop (the
// H200's measured 53.2 pJ/FLOP, archs/*.toml), a chip that states none as MAC FLOPs of their
// dtype; matrix FLOPs keep the MAC price either way.
TEST_CASE(
    "energy: element-wise FLOPs are priced at the arch's vector energy, or as MAC FLOPs where it "
    "states none") {
  energy::Actions a;
  a.flops[DType::kBf16] = 1e12;
  a.vector_flops[DType::kBf16] = 1e12;
  const auto gpu = Chip("h100_sxm").energy();
  const auto b = energy::price(a, gpu, 1.0, 1);
  CHECK(b.vector_j == doctest::Approx(53.2));
  CHECK(b.compute_j == doctest::Approx(1e12 * gpu.j_per_flop(DType::kBf16)));
  CHECK(b.vector_j > 50.0 * b.compute_j);
  const auto lpu = Chip("groq_lpu").energy();
  const auto g = energy::price(a, lpu, 1.0, 1);
  CHECK(g.vector_j == doctest::Approx(g.compute_j));
  CHECK(g.vector_j == doctest::Approx(1e12 * lpu.j_per_flop(DType::kBf16)));
}
