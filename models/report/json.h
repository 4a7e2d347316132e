// SPDX-License-Identifier: MIT
#pragma once
#include <nlohmann/json.hpp>

#include "result/result.h"

namespace xpu::report {

// The CLI's JSON contract (docs/cli.md): `run --json`; json_scale_out.h and json_fleet.h write
// the other commands'. Keys are sorted, so identical results give identical bytes.
nlohmann::json to_json(const Result& r);

}  // namespace xpu::report
