// SPDX-License-Identifier: MIT
#pragma once
// The tables of the comparison report as text cells, so that the HTML and Markdown writers
// show the same numbers with the same formatting. Column names carry their unit; a value that
// does not exist is written "n/a (why)", never left blank or zero.
#include <string>
#include <vector>

#include "studies/comparison.h"

namespace xpu::studies {

struct TextTable {
  std::vector<std::string> header;  // human labels
  std::vector<std::string> units;   // per column, optional: a second header row ("" for none)
  // When set, the columns a reader compares first; the writers may put the others (with the
  // first column again) in a block of their own.
  size_t key_columns = 0;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;             // per column: right-align
  std::vector<std::string> row_classes;  // per row, optional: a CSS class for the HTML writer
};

// A cell of a quantity of any scale: four significant digits ("{:.4g}").
std::string four_digits(double v);

// One row per arch: throughput, latency and energy at batch 1 and at the best batch, prefill,
// memory fit, DRAM technology and stacks, and the provenance tag of the DRAM bandwidth.
TextTable summary_table(const Comparison& c, const config::WorkloadSpec& w);

// What serving 1 M tokens/s at each arch's best decode batch takes to make and run: chips,
// HBM stacks, CoWoS and logic wafers, chip power and manufacturing cost, and, with a supply
// file, which resource caps a year's production (models/manufacturing/).
TextTable supply_table(const Comparison& c, const config::WorkloadSpec& w);

// Per arch at its best decode batch: capex and power cost per million tokens (at the listed
// price, and at the build cost of the package model for every chip alike), tokens/s per MW
// drawn and per MW provisioned at TDP, both including PUE.
TextTable tco_table(const Comparison& c, const config::WorkloadSpec& w, const TcoSpec& tco);

// Decode tokens/s per arch (rows) and batch (columns).
TextTable sweep_table(const Comparison& c, const config::WorkloadSpec& w);

// The ops of one result, slowest first: time, share of the step, intensity and bound.
TextTable op_table(const Result& r);

// Archs, workloads and points that were not evaluated, with the reason.
TextTable skipped_table(const Comparison& c);

// Each distinct result warning once, with the archs whose results carry it.
TextTable warnings_table(const Comparison& c);

// The model against each published figure of the validation registry: shape, published and
// modelled value, deviation, tolerance, status and source tag. Row classes grade the gap:
// "within", "near" (outside, under twice the tolerance), "off".
TextTable validation_table(const Comparison& c);

// Fit quality of each GPU calibration in use (config::FitQuality).
TextTable calibration_table(const Comparison& c);

// The arch numbers the results rest on, each with its provenance tag (config/provenance.h).
TextTable provenance_table(const Comparison& c);

// How the numbers were made and how to read them, one paragraph per entry.
std::vector<std::string> method_notes(const Comparison& c);

// The legend of provenance tags, one line per tag.
const std::vector<std::pair<char, std::string>>& provenance_legend();

}  // namespace xpu::studies
