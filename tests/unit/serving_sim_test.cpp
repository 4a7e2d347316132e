// SPDX-License-Identifier: MIT
// The serving simulator (serving/simulator.h) against closed forms: one request alone, a closed
// loop at steady state, a nearly idle Poisson stream, KV exhaustion, and determinism.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "scenario_requests.h"
#include "serving/request_stream.h"
#include "serving/serving_spec.h"
#include "serving/simulator.h"
#include "serving/step_time.h"
#include "test_paths.h"
#include "workload/transformer.h"

using namespace xpu;

namespace {
struct Setup {
  config::ArchSpec arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  config::WorkloadSpec w = config::load_workload(test::repo("workloads/llama3_8b.toml"));
  serving::StepTimer timer{arch, w, workload::Parallelism{}, 1, 16};
};

serving::Traffic one_request(int64_t in, int64_t out) {
  serving::Traffic t;
  t.requests = {{0.0, in, out}};
  return t;
}

// 16 users in a closed loop, each sending 20 requests of 256 prompt and 128 generated tokens.
serving::Traffic sixteen_users() {
  serving::Traffic t;
  t.concurrency = 16;
  t.input_tokens = 256;
  t.output_tokens = 128;
  t.max_requests = 16 * 20;
  return t;
}
}  // namespace

TEST_CASE("serving sim: one request alone: TTFT = its prefill, TPOT = a one-sequence decode step") {
  Setup s;
  serving::BatchingPolicy policy;  // budget 2048 > the prompt: one prefill step
  const int64_t in = 1024, out = 65;
  const auto r = serving::simulate(s.timer, 1, one_request(in, out), policy, std::nullopt);
  REQUIRE(r.requests == 1);
  const double prefill = s.timer.step(0, 0, test::whole_prompt(in)).time_s;
  CHECK(r.ttft_s.p50 == doctest::Approx(prefill).epsilon(1e-12));
  // Decode contexts run from in+1 to in+out-1; the step is near-flat in context at batch 1, so
  // the mean of the steps is within 1% of the step at the mean context.
  const double decode_mid = s.timer.step(1, in + out / 2, {}).time_s;
  CHECK(r.tpot_s.p50 == doctest::Approx(decode_mid).epsilon(0.01));
  CHECK(r.iterations == out);  // one prefill step that samples the first token, then out-1 decodes
}

TEST_CASE(
    "serving sim: an iteration's prompt chunks reach the engine with the keys their queries "
    "attend over") {
  const auto w = config::load_workload(test::repo("workloads/llama31_8b.toml"));
  // The chunks' attention FLOPs over the engine's: 2 heads (dk + dv) per attended key either way.
  auto engine_over_chunks = [&](const serving::PromptWork& work) {
    const workload::PrefillChunk c = serving::prompt_chunk(w, work);
    workload::AttentionShape a;
    a.batch = c.batch;
    a.query_len = c.prompt;
    a.kv_len = c.context + c.prompt;
    a.heads = 1;
    a.qk_head_dim = a.v_head_dim = 1;
    a.causal = true;
    return workload::attention_flops(a) / (4.0 * work.attended_keys);
  };
  // One chunk of 2,048 after 4,096 of its prompt: that prompt, exactly.
  serving::PromptWork continuing;
  continuing.add(2048, 4096);
  const workload::PrefillChunk one = serving::prompt_chunk(w, continuing);
  CHECK((one.batch == 1 && one.prompt == 2048 && one.context == 4096));
  CHECK(engine_over_chunks(continuing) == doctest::Approx(1.0).epsilon(1e-12));
  // Two whole prompts of 100 and 300: 50,200 keys, where two of 200 would attend over 40,200.
  serving::PromptWork uneven;
  uneven.add(100, 0);
  uneven.add(300, 0);
  CHECK(uneven.attended_keys == 100 * 101 / 2 + 300 * 301 / 2);
  CHECK(engine_over_chunks(uneven) == doctest::Approx(1.0).epsilon(0.07));
  // The end of a long prompt and the start of the next, as a 2,048-token budget splits them.
  serving::PromptWork split;
  split.add(500, 8500);
  split.add(1548, 0);
  CHECK(engine_over_chunks(split) == doctest::Approx(1.0).epsilon(0.07));
}

TEST_CASE("serving sim: a closed loop of N reaches N x out / (per-request time)") {
  Setup s;
  serving::BatchingPolicy policy;
  const serving::Traffic t = sixteen_users();
  const auto r = serving::simulate(s.timer, 1, t, policy, std::nullopt);
  // Per user, a request takes its end-to-end time; N users in parallel complete N of them in it.
  // Independent of the scheduler's details, tokens/s = N x out / mean e2e: Little's law with no
  // queue (every user always has exactly one request in the system). The median e2e stands in for
  // the mean: tolerance 5%.
  const double expected = 16.0 * 128.0 / r.e2e_s.p50;
  MESSAGE(fmt::format("closed loop: {:.0f} tokens/s, Little's law {:.0f}", r.output_tokens_per_s,
                      expected));
  CHECK(r.output_tokens_per_s == doctest::Approx(expected).epsilon(0.05));
  // And the step closed form: a request spends 1 prefill-bearing step and out-1 steps of a
  // 16-sequence batch, so its TPOT is close to a 16-sequence decode step (within 15%: prefill
  // chunks of the others fuse into some of its steps).
  const double decode16 = s.timer.step(16, 256 + 64, {}).time_s;
  CHECK(r.tpot_s.p50 == doctest::Approx(decode16).epsilon(0.15));
}

TEST_CASE("serving sim: a pp replica runs its micro-batches as engines over shares of its cache") {
  Setup s;
  serving::StepTimer pipelined{s.arch, s.w, workload::Parallelism{1, 2, 1, 1}, 2, 16};
  REQUIRE(pipelined.micro_batches() == 2);
  serving::BatchingPolicy policy;
  const serving::Traffic t = sixteen_users();
  const auto r = serving::simulate(pipelined, 1, t, policy, std::nullopt);
  // Each of the two engines serves 8 of the users: a request's TPOT is near an 8-sequence pass
  // through both stages (within 15% as in the closed loop above), not a 16-sequence one.
  const double decode8 = pipelined.step(8, 256 + 64, {}).time_s;
  CHECK(r.tpot_s.p50 == doctest::Approx(decode8).epsilon(0.15));
  CHECK(r.tpot_s.p50 < pipelined.step(16, 256 + 64, {}).time_s);
  // Little's law over all 16 users, the engines side by side.
  CHECK(r.output_tokens_per_s == doctest::Approx(16.0 * 128.0 / r.e2e_s.p50).epsilon(0.05));
  // A request longer than one engine's half of the cache is refused, naming the micro-batch.
  serving::Traffic too_long = one_request(pipelined.kv_capacity_tokens() / 2 + 64, 1);
  CHECK_THROWS_WITH_AS(serving::simulate(pipelined, 1, too_long, policy, std::nullopt),
                       doctest::Contains("micro-batch of a replica"), InfeasibleError);
}

TEST_CASE("serving sim: without chunked prefill, whole prompts take iterations of their own") {
  Setup s;
  serving::BatchingPolicy policy;
  policy.token_budget = 64;  // below one prompt: each is still admitted whole, one at a time
  policy.chunked_prefill = false;
  serving::Traffic t;
  t.requests = {{0.0, 256, 4}, {0.0, 256, 4}};
  const auto r = serving::simulate(s.timer, 1, t, policy, std::nullopt);
  REQUIRE(r.requests == 2);
  // The first prompt alone, then the second alone (the first waits through it), then both
  // decode: TTFTs of one and two whole prefills, and 2 + 3 iterations in all.
  const double prefill = s.timer.step(0, 0, test::whole_prompt(256)).time_s;
  CHECK(r.ttft_s.p50 == doctest::Approx(prefill).epsilon(1e-12));
  CHECK(r.ttft_s.p99 == doctest::Approx(2.0 * prefill).epsilon(1e-12));
  CHECK(r.iterations == 5);
  // With chunks of 64 tokens the same two prompts take 8 prefill-bearing iterations.
  policy.chunked_prefill = true;
  CHECK(serving::simulate(s.timer, 1, t, policy, std::nullopt).iterations > 5);
}

TEST_CASE("serving sim: Poisson at a very low rate does not queue: p50 TTFT = prefill") {
  Setup s;
  serving::BatchingPolicy policy;
  serving::Traffic t;
  t.requests = serving::poisson_requests(0.05, 0.0, 50, 7, 512, 32);  // a request every 20 s
  const auto r = serving::simulate(s.timer, 1, t, policy, std::nullopt);
  CHECK(r.requests == 50);
  CHECK(r.ttft_s.p50 ==
        doctest::Approx(s.timer.step(0, 0, test::whole_prompt(512)).time_s).epsilon(1e-12));
  CHECK(r.preemptions == 0);
}

TEST_CASE("serving sim: when the KV cache runs out, sequences are preempted and still finish") {
  Setup s;
  serving::BatchingPolicy policy;
  const int64_t capacity = s.timer.kv_capacity_tokens();
  // Requests whose prompts fit side by side but whose answers do not: admission succeeds, the
  // decode phase outgrows the cache.
  const int64_t in = 512, out = 4096;
  const int64_t n = capacity / in;  // all prompts fit at once, all answers cannot
  REQUIRE(n * (in + out) > capacity);
  serving::Traffic t;
  for (int64_t i = 0; i < n; ++i) t.requests.push_back({0.0, in, out});
  policy.max_sequences = n;
  const auto r = serving::simulate(s.timer, 1, t, policy, std::nullopt);
  MESSAGE(
      fmt::format("{} requests, {} preemptions, capacity {} tokens", n, r.preemptions, capacity));
  CHECK(r.preemptions > 0);
  CHECK(r.requests == n);
  CHECK(r.output_tokens == n * out);
}

TEST_CASE("serving sim: same seed, same result, another seed, another") {
  Setup s;
  serving::BatchingPolicy policy;
  auto run = [&](uint64_t seed) {
    serving::Traffic t;
    t.requests = serving::poisson_requests(20.0, 30.0, 0, seed, 700, 200);
    return serving::simulate(s.timer, 2, t, policy, serving::SloSpec{2.0, 0.2, 99.0});
  };
  const auto a = run(3), b = run(3), c = run(4);
  CHECK(a.ttft_s.p99 == b.ttft_s.p99);
  CHECK(a.tpot_s.p50 == b.tpot_s.p50);
  CHECK(a.makespan_s == b.makespan_s);
  CHECK(a.energy_j == b.energy_j);
  CHECK(a.kv_occupancy == b.kv_occupancy);
  CHECK(a.makespan_s != c.makespan_s);
}

TEST_CASE("serving sim: the two trace formats read the same requests") {
  const auto ours = serving::load_trace(test::repo("workloads/traces/synthetic_chat.csv"));
  CHECK(ours.size() == 600);
  CHECK(ours.front().arrival_s == 0.0);
  const std::string azure = test::repo("tests/data/azure_trace_sample.csv");
  const auto a = serving::load_trace(azure);
  REQUIRE(a.size() == 3);  // the row with 0 generated tokens is dropped
  CHECK(a[1].arrival_s == doctest::Approx(1.5).epsilon(1e-9));  // across midnight
  CHECK(a[1].input_tokens == 4808);
  CHECK(a[2].output_tokens == 7);
}

TEST_CASE("serving sim: lengths drawn from a dataset keep the arrival times and reach its means") {
  const auto samples =
      serving::load_sample_lengths(test::repo("workloads/lengths/mlperf_llama31_405b.csv"));
  REQUIRE(samples.size() == 8313);  // the dataset's samples (workloads/lengths/README.md)
  const auto plain = serving::poisson_requests(50.0, 600.0, 0, 7, 9429, 685);
  auto drawn = plain;
  serving::draw_lengths(drawn, samples, true, 7);
  REQUIRE(drawn.size() == plain.size());
  double in = 0.0, out = 0.0;
  for (size_t i = 0; i < drawn.size(); ++i) {
    CHECK(drawn[i].arrival_s == plain[i].arrival_s);
    in += static_cast<double>(drawn[i].input_tokens);
    out += static_cast<double>(drawn[i].output_tokens);
  }
  // ~30,000 draws: the sample means are within 2% of the dataset's 9,428.6 and 684.68 (their
  // standard errors are ~0.2% and ~0.3%).
  const auto n = static_cast<double>(drawn.size());
  CHECK(in / n == doctest::Approx(9428.6).epsilon(0.02));
  CHECK(out / n == doctest::Approx(684.68).epsilon(0.02));
  // The prompt only: every answer keeps the scenario's length.
  auto prompts_only = plain;
  serving::draw_lengths(prompts_only, samples, false, 7);
  for (size_t i = 0; i < prompts_only.size(); ++i) {
    CHECK(prompts_only[i].input_tokens == drawn[i].input_tokens);
    CHECK(prompts_only[i].output_tokens == 685);
  }
}

TEST_CASE("serving sim: a bad lengths file is refused naming its line") {
  namespace fs = std::filesystem;
  const fs::path path = fs::temp_directory_path() / fmt::format("xpusim_lengths_{}.csv", getpid());
  auto refused_at = [&](const std::string& text, const std::string& where) {
    std::ofstream(path) << text;
    try {
      serving::load_sample_lengths(path.string());
      FAIL("accepted: " << text);
    } catch (const ConfigError& e) {
      CHECK(std::string(e.what()).find(where) != std::string::npos);
    }
  };
  refused_at("input_length,output_length\n1,2\n", ":1:");
  refused_at("input_tokens,output_tokens\n12,3\n4\n", ":3:");
  refused_at("input_tokens,output_tokens\n12,3x\n", ":2:");
  refused_at("input_tokens,output_tokens\n0,3\n", ":2:");
  refused_at("input_tokens,output_tokens\n", "no samples");
  fs::remove(path);
}
