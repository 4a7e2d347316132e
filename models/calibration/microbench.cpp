// SPDX-License-Identifier: MIT
#include "calibration/microbench.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/error.h"
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
}  // namespace

Microbench load_microbench(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path, 0, "", "cannot open file");
  json j;
  try {
    j = json::parse(in);
  } catch (const json::parse_error& e) {
    throw ConfigError(path, 0, "", std::string("malformed JSON: ") + e.what());
  }
  Microbench mb;
  mb.file = path;
  mb.device = field<std::string>(field<json>(j, "meta", path, ""), "name", path, "meta.");
  const json bw = field<json>(j, "bandwidth", path, "");
  mb.copy_bytes_per_s = field<double>(bw, "copy_GBps", path, "bandwidth.") * units::kGiga;
  mb.read_bytes_per_s = field<double>(bw, "read_GBps", path, "bandwidth.") * units::kGiga;
  const json peak = field<json>(j, "peak", path, "");
  mb.bf16_flops_per_s = field<double>(peak, "bf16_tflops", path, "peak.") * units::kTera;
  mb.bf16_avg_power_w = field<double>(peak, "bf16_avg_power_w", path, "peak.");
  mb.bf16_pj_per_flop = field<double>(peak, "bf16_pj_per_flop", path, "peak.");
  mb.fp8_flops_per_s = field<double>(peak, "fp8_tflops", path, "peak.") * units::kTera;

  for (const auto& g : field<json>(j, "gemm", path, "")) {
    mb.gemm.push_back({field<std::string>(g, "model", path, "gemm[]."),
                       field<std::string>(g, "layer", path, "gemm[]."),
                       field<int64_t>(g, "M", path, "gemm[]."), field<int64_t>(g, "K", path, "gemm[]."),
                       field<int64_t>(g, "N", path, "gemm[]."), field<double>(g, "s", path, "gemm[].")});
  }
  for (const auto& a : field<json>(j, "attn_prefill", path, "")) {
    int64_t t = field<int64_t>(a, "T", path, "attn_prefill[].");
    mb.attention_prefill.push_back({field<int64_t>(a, "B", path, "attn_prefill[]."), t, t,
                                    field<int64_t>(a, "H", path, "attn_prefill[]."),
                                    field<int64_t>(a, "KV", path, "attn_prefill[]."),
                                    field<int64_t>(a, "hd", path, "attn_prefill[]."),
                                    field<double>(a, "s", path, "attn_prefill[].")});
  }
  for (const auto& a : field<json>(j, "attn_decode", path, "")) {
    mb.attention_decode.push_back({field<int64_t>(a, "B", path, "attn_decode[]."), 1,
                                   field<int64_t>(a, "L", path, "attn_decode[]."),
                                   field<int64_t>(a, "H", path, "attn_decode[]."),
                                   field<int64_t>(a, "KV", path, "attn_decode[]."),
                                   field<int64_t>(a, "hd", path, "attn_decode[]."),
                                   field<double>(a, "s", path, "attn_decode[].")});
  }
  return mb;
}

}  // namespace xpu::calibration
