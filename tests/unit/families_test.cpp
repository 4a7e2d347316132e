// SPDX-License-Identifier: MIT
// The non-GPU chip families: what they refuse, how many chips they need, and closed forms of
// their execution model.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <fstream>

#include "analytical/evaluate.h"
#include "common/error.h"
#include "compiler/plan.h"
#include "config/gpu_efficiency_spec.h"
#include "config/resolve.h"
#include "test_files.h"
#include "test_paths.h"

using namespace xpu;

namespace {

struct Point {
  config::ArchSpec arch;
  config::WorkloadSpec workload;
  workload::Scenario scenario;

  Point(const std::string& arch_file, const std::string& workload_id, int64_t batch,
        int64_t context)
      : arch(config::load_arch(test::repo(arch_file))),
        workload(config::resolve_workload(
            arch, config::load_workload(test::repo("workloads/" + workload_id + ".toml")))) {
    scenario.phase = workload::Phase::kDecode;
    scenario.batch = batch;
    scenario.context = context;
  }
  compiler::Plan plan() const {
    return compiler::compile(machine::resolve(arch), workload, scenario);
  }
  Result result() const { return analytical::evaluate(plan()); }
};

std::string infeasible_message(const Point& p) {
  try {
    p.plan();
  } catch (const InfeasibleError& e) {
    return e.what();
  }
  FAIL("expected InfeasibleError");
  return "";
}

}  // namespace

TEST_CASE("families: a hardwired transformer refuses latent attention and MoE routing by name") {
  Point mla("archs/etched_sohu.toml", "deepseek_v3", 1, 100);
  CHECK(infeasible_message(mla).find("needs 'mla'") != std::string::npos);
  Point moe("archs/etched_sohu.toml", "mixtral_8x7b", 1, 100);
  CHECK(infeasible_message(moe).find("needs 'moe'") != std::string::npos);
  CHECK_NOTHROW(Point("archs/etched_sohu.toml", "llama3_70b", 1, 100).plan());
}

TEST_CASE("families: a model-in-silicon chip runs only its own model") {
  Point other("archs/taalas_hc1.toml", "llama3_70b", 1, 100);
  CHECK(infeasible_message(other).find("fixed in silicon and cannot run 'llama3_70b'") !=
        std::string::npos);
  auto p = Point("archs/taalas_hc1.toml", "llama31_8b", 1, 100).plan();
  CHECK(p.mapping.chips == 1);
  CHECK(p.mapping.weights == compiler::Residence::kSilicon);
}

TEST_CASE("families: model-in-silicon chips per model follow parameter density") {
  // 70.6 B parameters at 10 B per die (archs/concepts/silicon_llama70b.toml): 8 dies.
  auto p = Point("archs/concepts/silicon_llama70b.toml", "llama31_70b", 1, 100).plan();
  CHECK(p.mapping.chips == static_cast<int64_t>(std::ceil(p.parameters.total / 10e9)));
  CHECK(p.mapping.chips == 8);
  CHECK(p.mapping.pipeline_stages == 8);
}

TEST_CASE("families: an SRAM-only system needs ceil(model bytes / SRAM per chip) chips") {
  Point groq("archs/groq_lpu.toml", "llama3_70b", 1, 2048);
  auto p = groq.plan();
  const double expected = std::ceil(p.memory.total() / groq.arch.sram->capacity_bytes);
  MESSAGE(fmt::format("expected {} chips measured {}", expected, p.mapping.chips));
  CHECK(p.mapping.chips == static_cast<int64_t>(expected));
  CHECK(p.mapping.weights == compiler::Residence::kSram);
  // More chips than layers: each layer is split over chips/layers of them.
  groq.scenario.chips = 576;
  CHECK(groq.plan().mapping.chips_per_layer == doctest::Approx(576.0 / 80.0));
  groq.scenario.chips = 100;
  CHECK(infeasible_message(groq).find("at least") != std::string::npos);
}

TEST_CASE("families: a wafer keeps a fitting model resident and streams one that does not") {
  auto resident = Point("archs/cerebras_wse3.toml", "llama31_8b", 1, 1024).plan();
  CHECK(resident.mapping.chips == 1);
  CHECK(resident.mapping.weights == compiler::Residence::kSram);
  // 141 GB of bf16 Llama 70B: four 44 GB wafers ("70B models fit on as few as four systems", T).
  Point big("archs/cerebras_wse3.toml", "llama31_70b", 1, 1024);
  CHECK(big.plan().mapping.chips == 4);
  big.scenario.chips = 1;
  auto streamed = big.plan();
  CHECK(streamed.mapping.weights_streamed);
}

TEST_CASE(
    "families: a layout over several chips without [links] is refused, not given free crossings") {
  Point big("archs/cerebras_wse3.toml", "llama31_70b", 1, 1024);
  big.arch.links.reset();
  const auto message = infeasible_message(big);
  CHECK(message.find("4 chips") != std::string::npos);
  CHECK(message.find("[links]") != std::string::npos);
}

TEST_CASE("families: a streamed-weight wafer is bound by its external bandwidth") {
  Point big("archs/cerebras_wse3.toml", "llama31_70b", 1, 1024);
  big.scenario.chips = 1;
  auto r = big.result();
  const auto& dram = *big.arch.dram;
  double streamed = 0.0;  // every weight the step touches (one embedding row per token)
  for (const auto& op : big.plan().ops) streamed += op.weight_bytes * op.repeat;
  const double expected = streamed / (dram.bandwidth_bytes_per_s * dram.streaming_efficiency);
  MESSAGE(fmt::format("expected >= {:.4f} s measured {:.4f} s", expected, r.latency_s));
  CHECK(r.latency_s >= expected);
  CHECK(r.latency_s == doctest::Approx(expected).epsilon(0.05));
}

TEST_CASE("families: hardwired decode at batch 1 streams every weight once from HBM") {
  Point p("archs/etched_sohu.toml", "llama3_8b", 1, 16);
  auto r = p.result();
  const auto& dram = *p.arch.dram;
  double streamed = 0.0;
  for (const auto& op : p.plan().ops) streamed += op.weight_bytes * op.repeat;
  const double expected = streamed / (dram.bandwidth_bytes_per_s * dram.streaming_efficiency);
  MESSAGE(fmt::format("expected {:.6f} s measured {:.6f} s", expected, r.latency_s));
  CHECK(r.latency_s == doctest::Approx(expected).epsilon(0.02));
}

TEST_CASE("families: a wafer-scale family section is refused on a GPU") {
  std::string path = "/tmp/xpusim_test_gpu_mesh.toml";
  std::ofstream(path) << test::read_file(test::repo("archs/h100_sxm.toml"))
                      << "\n[mesh]\ncores = 4\nhop_latency_ns = 1\nlink_bandwidth_gbs = 1\n";
  try {
    config::load_arch(path);
    FAIL("expected ConfigError");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).find("mesh: not part of family 'gpu'") != std::string::npos);
  }
}

TEST_CASE("families: every family and concept arch file loads") {
  for (auto f : {"archs/etched_sohu.toml", "archs/taalas_hc1.toml", "archs/groq_lpu.toml",
                 "archs/cerebras_wse3.toml", "archs/concepts/hardwired_lpddr5x.toml",
                 "archs/concepts/sram_3d_stacked.toml", "archs/concepts/silicon_llama70b.toml",
                 "archs/concepts/wafer_lpddr.toml"}) {
    CHECK_NOTHROW(config::load_arch(test::repo(f)));
  }
}

TEST_CASE("families: concept designs avoid HBM") {
  for (auto f : {"archs/concepts/hardwired_lpddr5x.toml", "archs/concepts/sram_3d_stacked.toml",
                 "archs/concepts/silicon_llama70b.toml", "archs/concepts/wafer_lpddr.toml"}) {
    auto a = config::load_arch(test::repo(f));
    CHECK_MESSAGE((!a.dram || !a.dram->is_hbm()), f);
  }
}
