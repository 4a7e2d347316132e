// SPDX-License-Identifier: MIT
// The studies (models/studies/) against the rest: `xpusim explain` and `xpusim sweep` label a
// point with the same bound (models/result/dominant_bound.h).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <string>

#include "config/arch_spec.h"
#include "config/resolve.h"
#include "config/workload_spec.h"
#include "result/dominant_bound.h"
#include "studies/explain.h"
#include "sweep/design.h"
#include "sweep/record.h"
#include "sweep/sweep_spec.h"
#include "test_paths.h"

using namespace xpu;

namespace {

struct Case {
  const char* arch;
  const char* workload;
  const char* phase;
  int64_t batch;
  int64_t tokens;  // context (decode) or prompt (prefill)
};

// The bound named by explain's "4. Verdict:" line, in the sweep's vocabulary.
std::string explain_verdict(const Case& c) {
  const auto arch = config::load_arch(test::repo(fmt::format("archs/{}.toml", c.arch)));
  const auto w = config::resolve_workload(
      arch, config::load_workload(test::repo(fmt::format("workloads/{}.toml", c.workload))));
  workload::Scenario s;
  s.phase =
      std::string(c.phase) == "prefill" ? workload::Phase::kPrefill : workload::Phase::kDecode;
  s.batch = c.batch;
  (s.phase == workload::Phase::kPrefill ? s.prompt : s.context) = c.tokens;
  const std::string text = studies::explain(arch, w, s);
  const auto at = text.find("4. Verdict: ");
  REQUIRE(at != std::string::npos);
  const std::string phrase = text.substr(at + 12, text.find('\n', at) - at - 12);
  if (phrase.starts_with("compute-bound on padding")) return "quantisation";
  return phrase.substr(0, phrase.find("-bound"));
}

// The `bound` column of a one-point sweep of the same point.
std::string sweep_bound(const Case& c) {
  const std::string path =
      fmt::format("/tmp/xpusim_test_studies_{}_{}_{}.toml", c.arch, c.phase, c.batch);
  std::ofstream(path) << fmt::format(
      "[base]\narch = \"{}\"\nworkload = \"{}\"\n\n[scenario]\nphase = \"{}\"\n{} = "
      "{}\n\n[axes.scenario]\nbatch = [{}]\n",
      test::repo(fmt::format("archs/{}.toml", c.arch)),
      test::repo(fmt::format("workloads/{}.toml", c.workload)), c.phase,
      std::string(c.phase) == "prefill" ? "prompt" : "context", c.tokens, c.batch);
  const auto spec = sweep::load_sweep_spec(path);
  const auto points = sweep::design_points(spec);
  REQUIRE(points.size() == 1);
  const auto record = sweep::evaluate_point(spec, points[0]);
  REQUIRE(record.metrics);
  return record.metrics->bound;
}

}  // namespace

TEST_CASE("studies: explain and the sweep give a point the same bound") {
  // GPUs memory- and compute-bound, multi-chip pipelines with chip crossings (Groq, a wafer,
  // stacked SRAM), a hardwired chip, a model in silicon.
  const Case cases[] = {
      {"h100_sxm", "llama3_8b", "decode", 8, 1024},
      {"h100_sxm", "llama3_8b", "prefill", 4, 2048},
      {"groq_lpu", "llama3_8b", "decode", 1, 1024},
      {"groq_lpu", "llama3_8b", "decode", 32, 1024},
      {"groq_lpu", "llama3_8b", "prefill", 1, 2048},
      {"cerebras_wse3", "llama3_70b", "decode", 8, 2048},
      {"etched_sohu", "llama3_8b", "decode", 32, 1024},
      {"taalas_hc1", "llama31_8b", "decode", 1, 1024},
  };
  for (const auto& c : cases) {
    CAPTURE(c.arch);
    CAPTURE(c.phase);
    CAPTURE(c.batch);
    const std::string swept = sweep_bound(c);
    CHECK(explain_verdict(c) == swept);
    MESSAGE(fmt::format("{} {} batch {}: {}-bound", c.arch, c.phase, c.batch, swept));
  }
}

TEST_CASE(
    "studies: chip crossings count as latency, not as the overhead their engine row carries") {
  // Compute 0.5 s; launch overhead 0.3 s and pipeline crossings 0.3 s, which the engine marks
  // "overhead". Counted together (0.6 s) they would outweigh compute; as two kinds they do not.
  Result r;
  r.latency_s = 1.1;
  r.ops = {{"gemm", OpKind::kGemm, 1, 0.5, 0.0, 0.0, Bound::kCompute},
           {"norm", OpKind::kElementwise, 1, 0.3, 0.0, 0.0, Bound::kOverhead},
           {"pipeline.chip_crossings", OpKind::kLink, 1, 0.3, 0.0, 0.0, Bound::kOverhead}};
  const auto d = dominant_bound(r);
  CHECK(d.bound == "compute");
  CHECK(d.share == doctest::Approx(0.5 / 1.1));
  CHECK(time_by_bound(r).at("latency") == doctest::Approx(0.3));
}

namespace {

std::string explain_text(const char* arch_file, const char* workload_file, int64_t batch,
                         int64_t context) {
  const auto arch = config::load_arch(test::repo(arch_file));
  const auto w = config::resolve_workload(arch, config::load_workload(test::repo(workload_file)));
  workload::Scenario s;
  s.batch = batch;
  s.context = context;
  return studies::explain(arch, w, s);
}

}  // namespace

TEST_CASE(
    "explain: Groq is bound by installing weights into its MXMs and Cerebras by its reductions "
    "over the wafer mesh, with the hop latency what-if; never a kernel launch overhead") {
  const std::string groq = explain_text("archs/groq_lpu.toml", "workloads/llama3_8b.toml", 1, 1000);
  MESSAGE(groq);
  CHECK(groq.find("memory-bound: installing each GEMM's weights into the weight-stationary "
                  "matrix units") != std::string::npos);
  CHECK(groq.find("Chip-to-chip hop latency halved gives") != std::string::npos);
  CHECK(groq.find("launch") == std::string::npos);
  const std::string wafer =
      explain_text("archs/cerebras_wse3.toml", "workloads/llama31_8b.toml", 1, 1000);
  MESSAGE(wafer);
  CHECK(wafer.find("network-bound: reducing each GEMM's partial outputs across the wafer's "
                   "mesh") != std::string::npos);
  CHECK(wafer.find("Mesh hop latency halved gives") != std::string::npos);
  CHECK(wafer.find("launch") == std::string::npos);
}
