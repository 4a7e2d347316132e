// SPDX-License-Identifier: MIT
#pragma once
// Prefill/decode disaggregation in the serving simulator (DistServe, Splitwise; docs/scale_out.md,
// "Disaggregated serving"). The chips are split into two pools of data-parallel replicas:
// prefill replicas run iterations of prompt chunks only (a token budget, first come first
// served), decode replicas run continuous batching of decode steps only. The prefill's last
// chunk samples the first token (TTFT ends there); the request's KV cache is then sent to a
// decode replica over the links between the two replicas, and decoding resumes there (the wait
// counts in TPOT). Request k is prefilled by prefill replica k mod P and decoded by decode
// replica k mod D. A prompt holds its prefill replica's blocks until its KV has left; a decode
// replica accepts a transfer only when blocks for the whole sequence (prompt + output) are free,
// so it never preempts, and a full decode pool holds prompts in the prefill pool.
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "config/arch_spec.h"
#include "config/workload_spec.h"
#include "serving/simulator.h"

namespace xpu::serving {

// One pool: `replicas` copies of the layout `timer` was built for, each on the timer's chips.
struct Pool {
  StepTimer* timer = nullptr;
  int64_t replicas = 1;
};

// The path a KV cache takes from a prefill replica to a decode replica. Each replica has one
// such path out (prefill) or in (decode); a transfer occupies both ends from its start to its
// end, so transfers through a busy end queue first come, first served.
struct KvLink {
  double bandwidth_bytes_per_s = 0.0;  // one replica pair, one direction
  double latency_s = 0.0;              // added once per transfer
  double energy_j_per_byte = 0.0;
};

// The arch's chip-to-chip links ([links], those tp and pp collectives use): every chip of the
// smaller replica sends (or receives) its shard of the cache over its own links at once, so a
// pair moves min(prefill, decode chips per replica) x one chip's link bandwidth, after one hop
// latency, at the links' pJ/bit. InfeasibleError for a chip with no [links].
KvLink kv_link(const config::ArchSpec& arch, int64_t prefill_chips_per_replica,
               int64_t decode_chips_per_replica);

// Bytes of KV cache one token of a sequence holds over all the model's layers (a transfer moves
// this times the prompt's tokens): the per-layer figure the compiler's memory fit uses, times
// the layers.
double kv_bytes_per_token(const config::WorkloadSpec& w);

struct PoolStats {
  int64_t replicas = 0;
  int64_t chips_per_replica = 0;
  int64_t iterations = 0;
  double busy_fraction = 0.0;  // time in iterations / (replicas x makespan)
  double energy_j = 0.0;       // of its iterations
  int64_t kv_capacity_tokens_per_replica = 0;
};

struct KvTransferStats {
  int64_t transfers = 0;
  double bytes = 0.0;     // all transfers together
  Percentiles time_s;     // on the link: latency + bytes / bandwidth
  Percentiles handoff_s;  // prompt's last chunk to its KV in the decode replica: the wait for
                          // decode blocks and a free link, then the transfer
  double energy_j = 0.0;
};

struct DisaggregatedResult {
  // The whole system: every request-level field as the aggregated simulator reports them;
  // replicas and chips of both pools; energy of both pools' iterations and the transfers;
  // kv_capacity_tokens_per_replica and kv_occupancy those of the decode pool.
  SimulationResult system;
  PoolStats prefill, decode;
  KvTransferStats kv_transfer;
};

// One KV transfer, as the schedule trace draws it on its prefill replica's link.
struct KvTransfer {
  double start_s = 0.0, duration_s = 0.0;
  int64_t request = 0;  // index in arrival order
  int64_t decode_replica = 0;
  double bytes = 0.0;
};

struct DisaggregatedSchedule {
  Schedule prefill, decode;                        // every iteration of every replica
  std::vector<std::vector<KvTransfer>> transfers;  // per prefill replica, in start order
};

// Throws InfeasibleError when a prompt can never fit in a prefill replica's KV cache or a whole
// request in a decode replica's. `on_request_done` and `schedule` as simulate()'s.
DisaggregatedResult simulate_disaggregated(const Pool& prefill, const Pool& decode,
                                           const KvLink& link, double kv_bytes_per_token,
                                           const Traffic& traffic, const BatchingPolicy& policy,
                                           const std::optional<SloSpec>& slo,
                                           const std::function<void()>& on_request_done = {},
                                           DisaggregatedSchedule* schedule = nullptr);

}  // namespace xpu::serving
