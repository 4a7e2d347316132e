// SPDX-License-Identifier: MIT
// The training_tokens_per_s metric of the validation registry (MLPerf Training Llama 3.1 405B
// rows): the figure's own layout and formats reach the training step, and the metric is the
// closed form global batch x sequence / step time over the whole cluster.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "config/resolve.h"
#include "config/system_spec.h"
#include "test_paths.h"
#include "training/train_step.h"
#include "validation/check.h"

using namespace xpu;

namespace {

const validation::PublishedFigure& figure(const std::string& id) {
  static const auto figures =
      validation::load_published_figures(test::repo("validation/published_figures.toml"));
  const auto it =
      std::find_if(figures.begin(), figures.end(), [&](const auto& f) { return f.id == id; });
  REQUIRE(it != figures.end());
  return *it;
}

}  // namespace

TEST_CASE("mlperf training: tokens/s is global batch x sequence over the step, in fp8") {
  const auto& f = figure("mlperf50_gb200_512_llama31_405b");
  CHECK(f.metric == validation::Metric::kTrainingTokensPerS);
  CHECK(f.train.micro_batch == 1);
  CHECK(f.train.fp8_param_gather);
  REQUIRE(f.dtypes.activations);
  CHECK(*f.dtypes.activations == DType::kFp8);
  const auto c = validation::check(f);
  REQUIRE(c.error.empty());

  const auto system = config::load_system(f.system_file);
  const auto fp8 =
      config::resolve_workload(system.chip, config::load_workload(f.workload_file), f.dtypes);
  const auto r = training::train_step(system, fp8, f.train);
  CHECK(r.chips == 512);
  CHECK(c.modelled == doctest::Approx(896.0 * 8192.0 / r.step_s).epsilon(1e-12));
  // The format reaches the step: the same layout in the chip's bf16 (which gathers its
  // parameters in bf16) is slower.
  const auto bf16 = config::resolve_workload(system.chip, config::load_workload(f.workload_file));
  auto bf16_request = f.train;
  bf16_request.fp8_param_gather = false;
  CHECK(training::train_step(system, bf16, bf16_request).step_s > 1.5 * r.step_s);
  // An fp8 parameter gather without fp8 training is refused.
  CHECK_THROWS_AS(training::train_step(system, bf16, f.train), InfeasibleError);
}

TEST_CASE("mlperf training: a figure's micro_batch reaches the step") {
  namespace fs = std::filesystem;
  const fs::path file =
      fs::temp_directory_path() / fmt::format("xpusim_training_figure_{}.toml", getpid());
  const std::string repo = test::repo("");
  std::ofstream(file) << fmt::format(
      "[[figure]]\nid = \"t\"\nwhat = \"w\"\nmetric = \"training_tokens_per_s\"\n"
      "published = 1.0\nsource = \"P: test\"\ntolerance = 0.15\n"
      "system = \"{0}systems/dgx_h100_ib.toml\"\nworkload = \"{0}workloads/llama3_8b.toml\"\n"
      "tp = 8\ncp = 1\npp = 1\ndp = 4\nglobal_batch = 64\nmicro_batch = 2\nsequence = 8192\n"
      "schedule = \"1f1b\"\nvirtual_stages = 1\nsharding = \"zero1\"\nrecompute = "
      "\"none\"\n",
      fs::relative(repo, file.parent_path()).string() + "/");
  const auto figures = validation::load_published_figures(file.string());
  fs::remove(file);
  REQUIRE(figures.size() == 1);
  CHECK(figures[0].train.micro_batch == 2);
  // 64 sequences over dp = 4 in micro-batches of 2: 8 per step.
  const auto c = validation::check(figures[0]);
  CHECK_MESSAGE(c.layout.find(", 8 micro-batches") != std::string::npos, c.layout << c.error);
}
