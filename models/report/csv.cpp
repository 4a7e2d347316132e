// SPDX-License-Identifier: MIT
#include "report/csv.h"

#include <fmt/format.h>

namespace xpu::report {

namespace {

// RFC 4180: quote a field that holds a comma, a quote or a line break.
std::string field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

}  // namespace

std::string validation_csv(const studies::Comparison& c) {
  std::string out =
      "id,metric,unit,published,model,deviation_pct,tolerance_pct,within,gap_stated,model_ran,"
      "source\n";
  for (const auto& v : c.validation) {
    const auto& f = v.figure;
    out += fmt::format("{},{},{},{:.6g},{},{},{:.0f},{},{},{},{}\n", field(f.id),
                       validation::name_of(f.metric),
                       field(std::string(validation::unit_of(f.metric))), f.published,
                       v.error.empty() ? fmt::format("{:.6g}", v.modelled) : "",
                       v.error.empty() ? fmt::format("{:.2f}", 100.0 * v.deviation()) : "",
                       100.0 * f.tolerance, v.within() ? "yes" : "no", f.gap.empty() ? "no" : "yes",
                       field(v.error.empty() ? v.layout : v.error), field(f.source));
  }
  return out;
}

std::string to_csv(const studies::Comparison& c) {
  std::string out =
      "arch,workload,phase,batch,prompt_tokens,context_tokens,chips,engine,latency_s,tokens_per_s,"
      "energy_j_per_token,avg_power_w,mfu_pct,flops,dram_bytes,memory_bytes,weight_bytes,"
      "kv_cache_bytes,activation_bytes,memory_capacity_bytes,dram_technology,hbm_stacks_per_chip,"
      "weight_dtype,warnings\n";
  for (const auto& r : c.results) {
    std::string dram, stacks, weight_dtype;
    for (const auto& a : c.archs) {
      if (a.id != r.arch) continue;
      for (const auto& w : c.workloads) {
        if (w.id == r.workload) weight_dtype = name_of(studies::resolved(c, a, w).dtypes.weights);
      }
      if (!a.dram) continue;
      dram = a.dram->technology;
      stacks = a.dram->is_hbm() ? fmt::format("{}", a.dram->stacks) : "";
    }
    std::string warnings;
    for (const auto& w : r.warnings) warnings += (warnings.empty() ? "" : "; ") + w;
    out += fmt::format(
        "{},{},{},{},{},{},{},{},{:.9f},{:.3f},{:.6f},{:.1f},{:.3f},{:.6e},{:.6e},{:.6e},{:.6e},"
        "{:.6e},{:.6e},{:.6e},{},{},{},{}\n",
        field(r.arch), field(r.workload), name_of(r.phase), r.batch, r.prompt, r.context, r.chips,
        r.engine, r.latency_s, r.tokens_per_s, r.energy_j_per_token, r.avg_power_w, 100.0 * r.mfu,
        r.flops, r.dram_bytes, r.memory_bytes, r.weight_bytes, r.kv_cache_bytes, r.activation_bytes,
        r.memory_capacity_bytes, field(dram), stacks, weight_dtype, field(warnings));
  }
  return out;
}

}  // namespace xpu::report
