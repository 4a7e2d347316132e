// SPDX-License-Identifier: MIT
#include "report/json_scale_out.h"

#include "report/json.h"

namespace xpu::report {

namespace {

nlohmann::json to_json(const workload::Parallelism& p) {
  return {{"tp", p.tp}, {"pp", p.pp}, {"ep", p.ep}, {"dp", p.dp}};
}

}  // namespace

nlohmann::json to_json(const serving::OfflineResult& r, const std::string& scenario_id,
                       const std::string& arch_id, int64_t chips) {
  return {{"scenario", scenario_id},
          {"arch", arch_id},
          {"chips", chips},
          {"parallel", to_json(r.parallel)},
          {"batch_per_replica", r.batch_per_replica},
          {"output_tokens_per_s", r.output_tokens_per_s},
          {"output_tokens_per_s_per_chip", r.output_tokens_per_s / chips},
          {"prefill_s_per_request", r.prefill_s_per_request},
          {"tpot_s", r.decode_step_s},
          {"layouts_tried", r.layouts_tried},
          {"decode_step", to_json(r.decode)}};
}

nlohmann::json to_json(const training::TrainResult& r, const std::string& system_id,
                       const std::string& workload_id, const training::TrainRequest& req) {
  const auto& p = req.parallel;
  return {{"system", system_id},
          {"workload", workload_id},
          {"chips", r.chips},
          {"parallel", {{"tp", p.tp}, {"cp", req.cp}, {"pp", p.pp}, {"ep", p.ep}, {"dp", p.dp}}},
          {"layers_per_stage", r.layers_per_stage},
          {"step_s", r.step_s},
          {"tokens_per_s", r.tokens_per_s},
          {"mfu", r.mfu},
          {"micro_batches", r.micro_batches},
          {"bubble_fraction", r.bubble_fraction},
          {"breakdown_s",
           {{"pipeline", r.pipeline_s},
            {"bubble", r.bubble_s},
            {"point_to_point_exposed", r.point_to_point_exposed_s},
            {"data_parallel_exposed", r.data_parallel_exposed_s},
            {"optimizer", r.optimizer_s}}},
          {"per_layer_s",
           {{"forward", r.layer_forward_s},
            {"backward", r.layer_backward_s},
            {"recompute", r.layer_recompute_s},
            {"tp_comm_exposed", r.tp_comm_exposed_s},
            {"context_parallel_comm", r.context_parallel_comm_s}}},
          {"sm_sharing_s", r.sm_sharing_s},
          {"memory_per_chip_bytes",
           {{"weights", r.memory_per_chip.weight_bytes},
            {"gradients", r.memory_per_chip.gradient_bytes},
            {"optimizer", r.memory_per_chip.optimizer_bytes},
            {"activations", r.memory_per_chip.activation_bytes}}}};
}

nlohmann::json to_json(const training::LatencyWallResult& r, const std::string& system_id,
                       const std::string& shape_id) {
  return {{"system", system_id},
          {"shape", shape_id},
          {"layer_forward_latency_s", r.layer_forward_latency_s},
          {"aspect_ratio", r.aspect_ratio},
          {"parameters", r.parameters},
          {"layers", r.layers},
          {"step_floor_s", r.step_floor_s},
          {"tokens", r.tokens},
          {"flop", r.flop}};
}

}  // namespace xpu::report
