// SPDX-License-Identifier: MIT
// Prefill/decode disaggregation (serving/disaggregated.h) against closed forms: one request alone
// (TTFT = its prefill step; the second token waits for the KV transfer, latency + bytes /
// bandwidth), the bytes moved, the decode pool's admission, and determinism.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "common/error.h"
#include "scenario_requests.h"
#include "serving/disaggregated.h"
#include "serving/request_stream.h"
#include "test_paths.h"

using namespace xpu;

namespace {

// Llama 3 8B (32 layers, 8 KV heads of 128, bf16 KV) on H100s (NVLink 450 GB/s one way per
// chip, 2.6 us a hop: archs/h100_sxm.toml), one chip per replica in both pools.
constexpr double kKvBytesPerToken = 32 * 8 * 128 * 2 * 2.0;  // layers x heads x dim x K,V x bytes
constexpr double kLinkBytesPerS = 450e9;
constexpr double kLinkLatencyS = 2.6e-6;

struct Setup {
  config::ArchSpec arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  config::WorkloadSpec w = config::load_workload(test::repo("workloads/llama3_8b.toml"));
  serving::StepTimer prefill_timer{arch, w, workload::Parallelism{}, 1, 16};
  serving::StepTimer decode_timer{arch, w, workload::Parallelism{}, 1, 16};
  serving::Pool prefill{&prefill_timer, 1};
  serving::Pool decode{&decode_timer, 1};
  serving::KvLink link = serving::kv_link(arch, 1, 1);

  serving::DisaggregatedResult run(const serving::Traffic& t,
                                   serving::DisaggregatedSchedule* schedule = nullptr) {
    return serving::simulate_disaggregated(prefill, decode, link, serving::kv_bytes_per_token(w), t,
                                           serving::BatchingPolicy{}, std::nullopt, {}, schedule);
  }
};

serving::Traffic one_request(int64_t in, int64_t out) {
  serving::Traffic t;
  t.requests = {{0.0, in, out}};
  return t;
}

}  // namespace

TEST_CASE("disaggregated: the KV bytes per token and the link are the closed forms") {
  Setup s;
  CHECK(serving::kv_bytes_per_token(s.w) == doctest::Approx(kKvBytesPerToken).epsilon(1e-12));
  CHECK(s.link.bandwidth_bytes_per_s == doctest::Approx(kLinkBytesPerS).epsilon(1e-12));
  CHECK(s.link.latency_s == doctest::Approx(kLinkLatencyS).epsilon(1e-12));
  // A tp=2 replica sends its two shards over two chips' links at once; the narrower end bounds.
  CHECK(serving::kv_link(s.arch, 2, 4).bandwidth_bytes_per_s ==
        doctest::Approx(2 * kLinkBytesPerS).epsilon(1e-12));
  // Link energy: NVLink's 1.3 pJ/bit (energy.link_pj_per_bit) x 8 bits per byte.
  CHECK(s.link.energy_j_per_byte == doctest::Approx(1.3e-12 * 8).epsilon(1e-12));
}

TEST_CASE(
    "disaggregated: one request alone: TTFT = its prefill, the second token waits for the "
    "transfer") {
  Setup s;
  const int64_t in = 1024;
  serving::DisaggregatedSchedule schedule;
  const auto r = s.run(one_request(in, 2), &schedule);
  REQUIRE(r.system.requests == 1);
  const double prefill_s = s.prefill_timer.step(0, 0, test::whole_prompt(in)).time_s;
  CHECK(r.system.ttft_s.p50 == doctest::Approx(prefill_s).epsilon(1e-12));
  // The second (last) token: the transfer, then one decode step of one sequence over the prompt
  // and the first token.
  const double transfer_s = kLinkLatencyS + in * kKvBytesPerToken / kLinkBytesPerS;
  const double decode_s = s.decode_timer.step(1, in + 1, {}).time_s;
  MESSAGE(fmt::format("prefill {:.3f} ms, transfer {:.3f} ms, decode step {:.3f} ms",
                      prefill_s * 1e3, transfer_s * 1e3, decode_s * 1e3));
  CHECK(r.system.tpot_s.p50 == doctest::Approx(transfer_s + decode_s).epsilon(1e-9));
  CHECK(r.system.e2e_s.p50 == doctest::Approx(prefill_s + transfer_s + decode_s).epsilon(1e-9));
  CHECK(r.kv_transfer.transfers == 1);
  CHECK(r.kv_transfer.time_s.p50 == doctest::Approx(transfer_s).epsilon(1e-9));
  CHECK(r.kv_transfer.handoff_s.p50 == doctest::Approx(transfer_s).epsilon(1e-9));  // no queue
  CHECK(r.prefill.iterations == 1);
  CHECK(r.decode.iterations == 1);
  // Energy: both pools' steps and the bits over the link.
  const double link_j = in * kKvBytesPerToken * 1.3e-12 * 8;
  CHECK(r.system.energy_j ==
        doctest::Approx(s.prefill_timer.step(0, 0, test::whole_prompt(in)).energy_j +
                        s.decode_timer.step(1, in + 1, {}).energy_j + link_j)
            .epsilon(1e-9));
  // The trace: one prefill step, one decode step, one transfer starting as the prefill ends.
  REQUIRE(schedule.transfers.size() == 1);
  REQUIRE(schedule.transfers[0].size() == 1);
  CHECK(schedule.transfers[0][0].start_s == doctest::Approx(prefill_s).epsilon(1e-12));
  CHECK(schedule.prefill[0].size() == 1);
  CHECK(schedule.decode[0].size() == 1);
}

TEST_CASE("disaggregated: the bytes moved are every prompt's tokens x the KV bytes per token") {
  Setup s;
  serving::Traffic t;
  t.requests = serving::load_trace(test::repo("workloads/traces/synthetic_chat.csv"));
  t.requests.resize(200);
  double expected = 0.0;
  int64_t multi_token = 0;
  for (const auto& q : t.requests) {
    if (q.output_tokens > 1) {
      expected += static_cast<double>(q.input_tokens) * kKvBytesPerToken;
      ++multi_token;
    }
  }
  const auto r = s.run(t);
  CHECK(r.system.requests == 200);
  CHECK(r.kv_transfer.transfers == multi_token);
  CHECK(r.kv_transfer.bytes == doctest::Approx(expected).epsilon(1e-12));
  CHECK(r.system.preemptions == 0);  // the decode pool reserves whole sequences
}

TEST_CASE("disaggregated: a full decode pool holds prompts back, and every request still ends") {
  Setup s;
  // A closed loop of more users than the decode replica's KV holds whole requests for.
  const int64_t in = 2048, out = 512;
  const int64_t fit = s.decode_timer.kv_capacity_tokens() / (in + out);
  serving::Traffic t;
  t.concurrency = 2 * fit;
  t.input_tokens = in;
  t.output_tokens = out;
  t.max_requests = 4 * fit;
  const auto r = s.run(t);
  CHECK(r.system.requests == 4 * fit);
  // Some handoff waited for decode blocks: longer than the transfer itself.
  CHECK(r.kv_transfer.handoff_s.p99 > 2.0 * r.kv_transfer.time_s.p99);
  CHECK(r.decode.busy_fraction > 0.5);
  CHECK(r.decode.busy_fraction <= 1.0);
}

TEST_CASE("disaggregated: the same traffic gives the same result, run after run") {
  auto once = [] {
    Setup s;
    serving::Traffic t;
    t.requests = serving::poisson_requests(20.0, 30.0, 0, 3, 512, 128);
    return s.run(t);
  };
  const auto a = once(), b = once();
  CHECK(a.system.requests > 400);
  CHECK(a.system.ttft_s.p99 == b.system.ttft_s.p99);
  CHECK(a.system.tpot_s.p99 == b.system.tpot_s.p99);
  CHECK(a.system.energy_j == b.system.energy_j);
  CHECK(a.kv_transfer.handoff_s.p99 == b.kv_transfer.handoff_s.p99);
  CHECK(a.system.kv_occupancy == b.system.kv_occupancy);
}

TEST_CASE("disaggregated: a request longer than a decode replica's cache is infeasible") {
  Setup s;
  const int64_t too_long = s.decode_timer.kv_capacity_tokens() + 16;
  CHECK_THROWS_AS(s.run(one_request(1024, too_long)), InfeasibleError);
}
