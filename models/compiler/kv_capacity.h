// SPDX-License-Identifier: MIT
#pragma once
// How many tokens of KV cache one serving replica holds, asked of the compiler's memory fit
// (placement.cpp, one rule per family: a GPU's or Sohu's HBM per tensor x pipeline share, the
// SRAM of an SRAM-only or wafer-scale replica's chips, a model-in-silicon chip's SRAM), so the
// capacity is whatever the weights, the live activations and anything else the fit reserves
// leave, in tokens of KV (workload::kv_bytes_per_token_per_layer x layers, as the fit counts).
#include <optional>

#include "compiler/plan.h"

namespace xpu::compiler {

// The plan of `s`, or none when the memory fit refuses it or puts the weights elsewhere than
// `weights` (a wafer given too few wafers streams them from DRAM: another plan than the
// replica's, with another step time).
std::optional<Plan> compile_if_fits(const machine::Machine& machine, const config::WorkloadSpec& w,
                                    const workload::Scenario& s, Residence weights);

struct KvCapacity {
  int64_t tokens = 0;
  Residence weights = Residence::kDram;  // where one short sequence leaves the replica's weights
};

// `replica`: a decode scenario with the replica's layout (its dp is ignored) and, for a family
// that lays its layers out itself, its chips (workload::Scenario::chips). Probes with b sequences
// of half the model's window (their activations count), the largest b that fits, at most 65,536:
// b x the probe's tokens. When not one such sequence fits (a replica of a few SRAM chips), one
// sequence of the longest context that fits. Throws the memory fit's InfeasibleError when not
// one token fits.
KvCapacity kv_capacity(const machine::Machine& machine, const config::WorkloadSpec& w,
                       workload::Scenario replica);

}  // namespace xpu::compiler
