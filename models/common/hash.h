// SPDX-License-Identifier: MIT
#pragma once
// FNV-1a 64: a content hash that is the same on every compiler, platform and run (std::hash is
// not), for ids and manifests that are written to files and compared later. Not cryptographic.
#include <cstdint>
#include <string_view>

namespace xpu {

inline uint64_t fnv1a(std::string_view text, uint64_t h = 1469598103934665603ULL) {
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace xpu
