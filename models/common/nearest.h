// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace xpu {

// The candidate closest to `word` by edit distance, or "" when nothing is plausibly meant
// (distance above a third of the word). Used for "unknown key 'bandwith_tbs'; did you mean
// 'bandwidth_tbs'?".
std::string nearest_word(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace xpu
