// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xpu {

// Number formats a tensor can be stored or computed in.
enum class DType { kBf16, kFp16, kFp8, kInt8, kFp4, kInt4 };

double bytes_per_element(DType t);
std::string_view name_of(DType t);
std::optional<DType> parse_dtype(std::string_view name);
const std::vector<std::string>& dtype_names();

}  // namespace xpu
