// SPDX-License-Identifier: MIT
#include "machine/traits.h"

#include <array>

namespace xpu::machine {

namespace {

using config::ChipFamily;
using enum ExecutionModel;
using enum Placement;
using enum Residence;

// One row per family, in ChipFamily order (docs/families.md).
constexpr std::array<FamilyTraits, 5> kFamilies = {{
    //  family                            execution          placement          weights   kv
    //  parallel training
    {ChipFamily::kGpu, kKernelByKernel, kReplicaPerChip, kDram, kDram, true, true},
    {ChipFamily::kHardwiredTransformer, kStaticSchedule, kReplicaPerChip, kDram, kDram, true,
     false},
    {ChipFamily::kModelInSilicon, kStaticSchedule, kWeightsInSilicon, kSilicon, kSram, false,
     false},
    {ChipFamily::kSramOnly, kStaticSchedule, kShardedSram, kSram, kSram, false, false},
    {ChipFamily::kWaferScale, kStaticSchedule, kWaferSram, kSram, kSram, false, false},
}};

}  // namespace

const FamilyTraits& traits_of(config::ChipFamily family) {
  for (const auto& t : kFamilies) {
    if (t.family == family) return t;
  }
  return kFamilies.front();  // unreachable: every ChipFamily has a row
}

}  // namespace xpu::machine
