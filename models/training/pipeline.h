// SPDX-License-Identifier: MIT
#pragma once
// Pipeline parallelism: which layers each stage holds, and how long the schedule leaves
// stages idle.
//
// Placement. The stage that takes longest sets the pace of every stage, so layers are placed
// to make the slowest stage as fast as possible: the first stage also runs the embedding, the
// last the final norm, LM head and loss. Llama 3 (Grattafiori et al., arXiv 2407.21783, §3.3.2
// "Pipeline parallelism improvements") does exactly this: "we reduce one Transformer layer each
// from the first and the last stages", which puts its 126 layers on 16 stages as 7, 8 x 14, 7.
// When the slowest stage has room to spare, the spare layer slots are taken from the first
// stage, which holds the most micro-batches in flight (the same paper: "the first stage
// consumes more memory due to the embedding and the warm-up micro-batches").
//
// Schedules (Narayanan et al., arXiv 2104.04473, §2.2): with m micro-batches per step on p
// stages, 1F1B idles each stage for (p - 1) slots of one micro-batch's forward and backward,
// a bubble of (p - 1)/m of the useful time; the interleaved schedule gives each stage v
// chunks of its layers (virtual stages) and cuts the bubble to (p - 1)/(v m), for v times the
// point-to-point transfers. Llama 3 quotes the same ratio, (PP - 1)/(V M).
#include <cstdint>
#include <vector>

namespace xpu::training {

enum class Schedule { k1F1B, kInterleaved };

struct PipelineLayout {
  std::vector<int64_t> layers_per_stage;
  int64_t slowest_stage = 0;            // index of the stage that sets the slot time
  double slot_layer_equivalents = 0.0;  // slowest stage's work, in units of one layer
};

// Places `layers` on `stages` so that the slowest stage is as fast as possible. The first and
// last stage carry extra work worth `first_extra` and `last_extra` layers (embedding; final
// norm, LM head and loss). Throws InfeasibleError when some stage would hold no layer.
PipelineLayout place_layers(int64_t layers, int64_t stages, double first_extra, double last_extra);

// Idle fraction of a step's useful time: (p - 1)/m for 1F1B, (p - 1)/(v m) interleaved.
double bubble_fraction(Schedule schedule, int64_t stages, int64_t virtual_stages,
                       int64_t micro_batches);

}  // namespace xpu::training
