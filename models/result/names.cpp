// SPDX-License-Identifier: MIT
#include "result/result.h"

namespace xpu {

std::string_view name_of(Phase p) {
  switch (p) {
    case Phase::kPrefill: return "prefill";
    case Phase::kDecode: return "decode";
  }
  return "?";
}

std::string_view name_of(OpKind k) {
  switch (k) {
    case OpKind::kGemm: return "gemm";
    case OpKind::kAttention: return "attention";
    case OpKind::kElementwise: return "elementwise";
    case OpKind::kCollective: return "collective";
    case OpKind::kLink: return "link";
  }
  return "?";
}

std::string_view name_of(Bound b) {
  switch (b) {
    case Bound::kCompute: return "compute";
    case Bound::kMemory: return "memory";
    case Bound::kQuantisation: return "quantisation";
    case Bound::kOverhead: return "overhead";
    case Bound::kNetwork: return "network";
  }
  return "?";
}

}  // namespace xpu
