// SPDX-License-Identifier: MIT
#include "config/dtype.h"

#include <array>

namespace xpu {

namespace {
struct DTypeInfo {
  DType type;
  std::string_view name;
  double bytes;
};
constexpr std::array<DTypeInfo, 6> kTypes{{{DType::kBf16, "bf16", 2.0},
                                           {DType::kFp16, "fp16", 2.0},
                                           {DType::kFp8, "fp8", 1.0},
                                           {DType::kInt8, "int8", 1.0},
                                           {DType::kFp4, "fp4", 0.5},
                                           {DType::kInt4, "int4", 0.5}}};
}  // namespace

double bytes_per_element(DType t) { return kTypes[static_cast<size_t>(t)].bytes; }
std::string_view name_of(DType t) { return kTypes[static_cast<size_t>(t)].name; }

std::optional<DType> parse_dtype(std::string_view name) {
  for (const auto& info : kTypes) {
    if (info.name == name) return info.type;
  }
  return std::nullopt;
}

const std::vector<std::string>& dtype_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& info : kTypes) v.emplace_back(info.name);
    return v;
  }();
  return names;
}

}  // namespace xpu
