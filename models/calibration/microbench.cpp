// SPDX-License-Identifier: MIT
#include "calibration/microbench.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/input_file.h"
#include "common/units.h"

namespace xpu::calibration {

namespace {
using nlohmann::json;

template <typename T>
T field(const json& j, const std::string& key, const std::string& file, const std::string& where) {
  if (!j.contains(key)) throw ConfigError(file, 0, where + key, "missing field");
  try {
    return j.at(key).get<T>();
  } catch (const json::exception&) {
    throw ConfigError(file, 0, where + key, "wrong type");
  }
}
// Times, rates and shapes are divided by and fitted on: each must be finite and > 0, or the
// fit and every later run on its output fail (a GEMM time of 0 is an infinitely fast GEMM).
template <typename T>
T positive_field(const json& j, const std::string& key, const std::string& file,
                 const std::string& where) {
  const T v = field<T>(j, key, file, where);
  if (!(v > 0) || !std::isfinite(static_cast<double>(v))) {
    throw ConfigError(file, 0, where + key, fmt::format("must be a finite number > 0, got {}", v));
  }
  // Shapes multiply into FLOP counts: 2^24 each keeps M*K*N inside int64.
  if constexpr (std::is_integral_v<T>) {
    if (v > (T{1} << 24))
      throw ConfigError(file, 0, where + key, fmt::format("must be <= 2^24, got {}", v));
  }
  return v;
}

json parse_json_file(const std::string& path) {
  const std::string text = read_input_file(path);
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    throw ConfigError(path, 0, "", std::string("malformed JSON: ") + e.what());
  }
}

std::vector<GemmSample> gemm_samples(const json& j, const std::string& path,
                                     const std::string& section) {
  std::vector<GemmSample> out;
  for (const auto& g : field<json>(j, section, path, "")) {
    const std::string at = fmt::format("{}[{}].", section, out.size());
    out.push_back(
        {field<std::string>(g, "model", path, at), field<std::string>(g, "layer", path, at),
         positive_field<int64_t>(g, "M", path, at), positive_field<int64_t>(g, "K", path, at),
         positive_field<int64_t>(g, "N", path, at), positive_field<double>(g, "s", path, at)});
  }
  return out;
}

// `attn_prefill` rows name T (one causal sequence of T tokens); `attn_decode` rows name L (one
// query token against L cached ones).
std::vector<AttentionSample> attention_samples(const json& j, const std::string& path,
                                               const std::string& section) {
  const bool decode = section == "attn_decode";
  std::vector<AttentionSample> out;
  for (const auto& a : field<json>(j, section, path, "")) {
    const std::string at = fmt::format("{}[{}].", section, out.size());
    const int64_t kv = positive_field<int64_t>(a, decode ? "L" : "T", path, at);
    out.push_back(
        {positive_field<int64_t>(a, "B", path, at), decode ? 1 : kv, kv,
         positive_field<int64_t>(a, "H", path, at), positive_field<int64_t>(a, "KV", path, at),
         positive_field<int64_t>(a, "hd", path, at), positive_field<double>(a, "s", path, at)});
  }
  return out;
}

}  // namespace

std::vector<AttentionSample> load_attention_samples(const std::string& path,
                                                    const std::string& section) {
  auto samples = attention_samples(parse_json_file(path), path, section);
  if (samples.empty()) throw ConfigError(path, 0, section, "no points");
  return samples;
}

std::vector<GemmSample> load_gemm_samples(const std::string& path, const std::string& section) {
  auto samples = gemm_samples(parse_json_file(path), path, section);
  if (samples.empty()) throw ConfigError(path, 0, section, "no GEMM points");
  return samples;
}

Microbench load_microbench(const std::string& path) {
  const json j = parse_json_file(path);
  Microbench mb;
  mb.file = path;
  mb.device = field<std::string>(field<json>(j, "meta", path, ""), "name", path, "meta.");
  const json bw = field<json>(j, "bandwidth", path, "");
  mb.copy_bytes_per_s = positive_field<double>(bw, "copy_GBps", path, "bandwidth.") * units::kGiga;
  mb.read_bytes_per_s = positive_field<double>(bw, "read_GBps", path, "bandwidth.") * units::kGiga;
  const json peak = field<json>(j, "peak", path, "");
  mb.bf16_flops_per_s = positive_field<double>(peak, "bf16_tflops", path, "peak.") * units::kTera;
  mb.bf16_avg_power_w = positive_field<double>(peak, "bf16_avg_power_w", path, "peak.");
  mb.bf16_pj_per_flop = positive_field<double>(peak, "bf16_pj_per_flop", path, "peak.");
  mb.fp8_flops_per_s = positive_field<double>(peak, "fp8_tflops", path, "peak.") * units::kTera;

  mb.gemm = gemm_samples(j, path, "gemm");
  mb.attention_prefill = attention_samples(j, path, "attn_prefill");
  mb.attention_decode = attention_samples(j, path, "attn_decode");
  if (mb.gemm.empty())
    throw ConfigError(path, 0, "gemm", "no GEMM points: nothing to fit the GEMM efficiencies on");
  if (mb.attention_prefill.empty())
    throw ConfigError(path, 0, "attn_prefill", "no points to fit on");
  if (mb.attention_decode.empty()) throw ConfigError(path, 0, "attn_decode", "no points to fit on");
  return mb;
}

ElementwiseBench load_elementwise_bench(const std::string& path, const std::string& workload_root) {
  const json j = parse_json_file(path);
  ElementwiseBench b;
  b.file = path;
  b.device = field<std::string>(field<json>(j, "meta", path, ""), "name", path, "meta.");
  for (const auto& e : field<json>(j, "elementwise", path, "")) {
    const std::string at = fmt::format("elementwise[{}].", b.samples.size());
    b.samples.push_back(
        {(std::filesystem::path(workload_root) / field<std::string>(e, "workload", path, at))
             .string(),
         field<std::string>(e, "op", path, at), positive_field<int64_t>(e, "tokens", path, at),
         positive_field<double>(e, "cold_s", path, at)});
  }
  if (b.samples.empty()) throw ConfigError(path, 0, "elementwise", "no points to fit on");
  return b;
}

}  // namespace xpu::calibration
