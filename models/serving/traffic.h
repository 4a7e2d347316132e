// SPDX-License-Identifier: MIT
#pragma once
// The requests a scenario's [arrival] table describes, as the simulator takes them.
#include "serving/serving_spec.h"
#include "serving/simulator.h"

namespace xpu::serving {

// Poisson arrivals drawn from the seed, a closed loop of users, or a trace file cut to the
// duration and request count the arrival states.
Traffic traffic_of(const ServingSpec& scenario, const ArrivalSpec& arrival);

}  // namespace xpu::serving
