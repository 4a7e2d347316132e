// SPDX-License-Identifier: MIT
#pragma once
// The inputs of the report's cost per token and tokens per megawatt (studies/comparison_tables.h,
// tco_table): what a buyer states (life, power price, PUE, utilisation, chip prices), read from a
// TOML the user edits (reports/tco.toml).
#include <map>
#include <string>

#include "config/provenance.h"

namespace xpu::studies {

struct TcoSpec {
  std::string file;
  double life_years = 0.0;   // the chip's capex is spread over this service life
  double usd_per_kwh = 0.0;  // price of facility electricity
  double pue = 1.0;          // facility power over IT power
  double utilisation = 1.0;  // share of the life the chip serves at its best decode point
  std::map<std::string, double> chip_price_usd;  // by arch id; a price per chip
  config::ProvenanceMap provenance;
};

// Reads and checks a TCO file; ConfigError (file, line, key) on a bad one.
TcoSpec load_tco(const std::string& path);

}  // namespace xpu::studies
