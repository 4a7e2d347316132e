// SPDX-License-Identifier: MIT
#include "machine/traits.h"

#include <array>

namespace xpu::machine {

namespace {

using F = config::ChipFamily;
using enum ExecutionModel;
using enum Placement;
using enum Residence;

// One row per family, in ChipFamily order (docs/families.md).
// clang-format off
constexpr std::array<FamilyTraits, 5> kFamilies = {{
  // family                   execution        placement          weights   kv     parallel training
  {F::kGpu,                  kKernelByKernel, kReplicaPerChip,   kDram,    kDram, true,    true},
  {F::kHardwiredTransformer, kStaticSchedule, kReplicaPerChip,   kDram,    kDram, true,    false},
  {F::kModelInSilicon,       kStaticSchedule, kWeightsInSilicon, kSilicon, kSram, false,   false},
  {F::kSramOnly,             kStaticSchedule, kShardedSram,      kSram,    kSram, false,   false},
  {F::kWaferScale,           kStaticSchedule, kWaferSram,        kSram,    kSram, false,   false},
}};
// clang-format on

}  // namespace

const FamilyTraits& traits_of(config::ChipFamily family) {
  for (const auto& t : kFamilies) {
    if (t.family == family) return t;
  }
  return kFamilies.front();  // unreachable: every ChipFamily has a row
}

}  // namespace xpu::machine
