// SPDX-License-Identifier: MIT
#pragma once
// Communication that runs while compute runs, and what it costs the compute.
//
// SM sharing. NCCL runs a collective as one CUDA thread block per channel, each block resident
// on an SM for as long as the collective is in flight (NCCL user guide, NCCL_MIN_NCHANNELS and
// NCCL_MAX_NCHANNELS: more channels mean more CUDA blocks and less compute left to the
// application). Compute launched next to it gets the other SMs. A tensor-core-bound kernel's rate
// is proportional to the SMs it holds, so work of W seconds on the whole chip, issued together with
// a collective of T seconds that holds a fraction f of the SMs, runs at (1 - f) while the
// collective is in flight and at full rate after it:
//   W >= (1 - f) T:  the collective ends first; done at T + (W - (1 - f) T) = W + f T
//   W <  (1 - f) T:  the compute ends first (W / (1 - f) < T); both done at T
// i.e. max(T, W + f T): the collective's time is hidden, f T of it is not. The fluid form leaves
// out wave quantisation (a one-wave GEMM that loses SMs needs a second wave; NVIDIA developer
// forum, "Compute-communication overlap causes severe GEMM performance degradation because of
// tail effect", 2025: a 132-block GEMM next to a 24-block ncclAllGather on H100 nearly doubled)
// and HBM contention (the collective's bytes through HBM are a few percent of a tensor-bound
// GEMM's bandwidth at the sizes training runs). The channel counts are the system file's
// [collectives] (config/system_spec.h), each with its source.
#include <cstdint>

namespace xpu::training {

// Fraction of a chip's `units` (SMs) that `channels` hold, capped at the whole chip.
double sm_fraction(int64_t channels, int64_t units);

// Time of `compute_s` of work on the whole chip issued together with a collective of
// `collective_s` that holds `sm_fraction` of the SMs: max(T, W + f T).
double with_collective_s(double compute_s, double collective_s, double sm_fraction);
// What sharing the SMs adds to that: with_collective_s(W, T, f) - max(W, T).
double sm_sharing_loss_s(double compute_s, double collective_s, double sm_fraction);

// A collective of `total_s` issued unit by unit (one per layer) behind a window of compute of
// `units` equal parts: the first (or last) unit's share cannot hide, the other (n - 1)/n of it
// runs behind (n - 1)/n of the window, holding `sm_fraction` of the SMs. Returns the time the
// step grows by: total/n + with_collective_s(window', total') - window'. Without overlap, total.
double exposed_behind(double total_s, double window_s, int64_t units, bool overlap,
                      double sm_fraction);

}  // namespace xpu::training
