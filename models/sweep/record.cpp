// SPDX-License-Identifier: MIT
#include "sweep/record.h"

#include <fmt/format.h>

#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "analytical/evaluate.h"
#include "common/error.h"
#include "compiler/plan.h"
#include "config/arch_spec.h"
#include "config/dtype.h"
#include "config/resolve.h"
#include "config/workload_spec.h"
#include "machine/machine.h"
#include "manufacturing/chip_build.h"
#include "result/dominant_bound.h"
#include "result/finite.h"
#include "sweep/overrides.h"

namespace xpu::sweep {

namespace {

constexpr const char* kNumberFormat = "{:.9g}";

double rounded(double x) { return std::strtod(fmt::format(kNumberFormat, x).c_str(), nullptr); }

// The integer field of the scenario a scenario axis sets (sweep_spec.h scenario_axis_keys()).
int64_t& scenario_integer(workload::Scenario& s, const std::string& key) {
  if (key == "batch") return s.batch;
  if (key == "context") return s.context;
  if (key == "prompt") return s.prompt;
  if (key == "tp") return s.parallel.tp;
  if (key == "pp") return s.parallel.pp;
  if (key == "ep") return s.parallel.ep;
  return s.parallel.dp;
}

Metrics evaluate(const SweepSpec& spec, const Point& point, const Engine& engine) {
  std::vector<Override> arch_overrides, workload_overrides;
  workload::Scenario s = spec.scenario;
  config::DTypeOverrides dtypes;
  config::Software software = spec.software;
  for (size_t i = 0; i < spec.axes.size(); ++i) {
    const Axis& a = spec.axes[i];
    const Value& v = point.values[i];
    if (a.target == Target::kArch) {
      arch_overrides.push_back({a.key, v});
    } else if (a.target == Target::kWorkload) {
      workload_overrides.push_back({a.key, v});
    } else if (a.target == Target::kArchFile) {
      continue;  // arch_of() below
    } else if (a.key == "software") {
      software = *config::parse_software(std::get<std::string>(v));
    } else if (a.key.ends_with("_dtype")) {
      const auto t = parse_dtype(std::get<std::string>(v));
      (a.key == "weight_dtype"       ? dtypes.weights
       : a.key == "activation_dtype" ? dtypes.activations
                                     : dtypes.kv_cache) = t;
    } else if (a.key == "chips") {
      s.chips = std::get<int64_t>(v);
    } else {
      scenario_integer(s, a.key) = std::get<int64_t>(v);
    }
  }
  const BaseFile arch_file = arch_of(spec, point.values);
  auto arch = config::decode_arch(parse_with(arch_file.text, arch_file.file, arch_overrides));
  if (spec.power_cap_w) arch.power.tdp_w = *spec.power_cap_w;
  const auto workload = config::with_software(
      arch,
      config::resolve_workload(arch,
                               config::decode_workload(parse_with(
                                   spec.workload_text, spec.workload_file, workload_overrides)),
                               dtypes),
      software);
  const auto plan = compiler::compile(machine::resolve(arch), workload, s);
  const Result r = engine(plan);
  require_sound(r);
  Metrics m;
  m.tokens_per_s = rounded(r.tokens_per_s);
  m.energy_j_per_token = rounded(r.energy_j_per_token);
  m.latency_s = rounded(r.latency_s);
  m.avg_power_w = rounded(r.avg_power_w);
  m.mfu = rounded(r.mfu);
  m.memory_bytes = rounded(r.memory_bytes);
  m.chips = r.chips;
  m.hbm_stacks = arch.dram && arch.dram->is_hbm() ? arch.dram->stacks * r.chips : 0;
  if (arch.package) {
    const auto chip = manufacturing::build_chip(arch, manufacturing::process_nodes_of(arch));
    m.cost_usd = rounded(chip.cost_usd() * static_cast<double>(r.chips));
  }
  m.bound = dominant_bound(r).bound;
  return m;
}

std::string num(double x) { return fmt::format(kNumberFormat, x); }

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

Record evaluate_point(const SweepSpec& spec, const Point& point, const Engine& engine) {
  Record r;
  r.index = point.index;
  r.id = point.id;
  try {
    r.metrics = evaluate(spec, point, engine);
    r.status = "ok";
  } catch (const InfeasibleError& e) {
    r.status = "infeasible";
    r.reason = e.what();
  } catch (const ConfigError& e) {
    // Each axis value was accepted on its own (sweep_spec.cpp); this combination is not.
    r.status = "invalid";
    r.reason = e.what();
  } catch (const std::exception& e) {
    // A model defect on one point is that point's result: it must not end the sweep (or, under
    // MPI, the whole job) and lose the points already finished.
    r.status = "error";
    r.reason = fmt::format("internal error: {}", e.what());
  }
  return r;
}

std::string to_jsonl(const SweepSpec& spec, const Point& point, const Record& r) {
  std::string line = fmt::format("{{\"index\":{},\"id\":\"{}\",\"inputs\":{{", r.index, r.id);
  for (size_t i = 0; i < spec.axes.size(); ++i) {
    line += fmt::format("{}{}:{}", i ? "," : "", nlohmann::json(spec.axes[i].column).dump(),
                        to_text(point.values[i]));
  }
  line += fmt::format("}},\"status\":\"{}\"", r.status);
  if (r.metrics) {
    const Metrics& m = *r.metrics;
    line += fmt::format(
        ",\"tokens_per_s\":{},\"energy_j_per_token\":{},\"latency_s\":{},\"avg_power_w\":{},"
        "\"mfu\":{},\"memory_bytes\":{},\"chips\":{},\"hbm_stacks\":{},\"cost_usd\":{},\"bound\":"
        "\"{}\"",
        num(m.tokens_per_s), num(m.energy_j_per_token), num(m.latency_s), num(m.avg_power_w),
        num(m.mfu), num(m.memory_bytes), m.chips, m.hbm_stacks,
        m.cost_usd ? num(*m.cost_usd) : "null", m.bound);
  } else {
    line += fmt::format(",\"reason\":{}", nlohmann::json(r.reason).dump());
  }
  return line + "}";
}

std::optional<Record> from_jsonl(const std::string& line) {
  const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("index") || !j.contains("id") || !j.contains("status")) {
    return std::nullopt;
  }
  try {
    Record r;
    r.index = j.at("index").get<size_t>();
    r.id = j.at("id").get<std::string>();
    r.status = j.at("status").get<std::string>();
    if (r.status == "ok") {
      Metrics m;
      m.tokens_per_s = j.at("tokens_per_s").get<double>();
      m.energy_j_per_token = j.at("energy_j_per_token").get<double>();
      m.latency_s = j.at("latency_s").get<double>();
      m.avg_power_w = j.at("avg_power_w").get<double>();
      m.mfu = j.at("mfu").get<double>();
      m.memory_bytes = j.at("memory_bytes").get<double>();
      m.chips = j.at("chips").get<int64_t>();
      m.hbm_stacks = j.at("hbm_stacks").get<int64_t>();
      if (!j.at("cost_usd").is_null()) m.cost_usd = j.at("cost_usd").get<double>();
      m.bound = j.at("bound").get<std::string>();
      r.metrics = m;
    } else {
      r.reason = j.at("reason").get<std::string>();
    }
    return r;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::string csv_header(const SweepSpec& spec) {
  std::string h = "index,id";
  for (const auto& a : spec.axes) h += fmt::format(",{}", csv_field(a.column));
  return h +
         ",status,tokens_per_s,energy_j_per_token,latency_s,avg_power_w,mfu,memory_bytes,chips,"
         "hbm_stacks,cost_usd,bound,reason";
}

std::string to_csv(const Point& point, const Record& r) {
  std::string row = fmt::format("{},{}", r.index, r.id);
  for (const auto& v : point.values) {
    const auto* s = std::get_if<std::string>(&v);
    row += fmt::format(",{}", csv_field(s ? *s : to_text(v)));
  }
  row += fmt::format(",{}", r.status);
  if (r.metrics) {
    const Metrics& m = *r.metrics;
    row += fmt::format(",{},{},{},{},{},{},{},{},{},{},", num(m.tokens_per_s),
                       num(m.energy_j_per_token), num(m.latency_s), num(m.avg_power_w), num(m.mfu),
                       num(m.memory_bytes), m.chips, m.hbm_stacks,
                       m.cost_usd ? num(*m.cost_usd) : "", m.bound);
  } else {
    row += fmt::format(",,,,,,,,,,,{}", csv_field(r.reason));
  }
  return row;
}

}  // namespace xpu::sweep
