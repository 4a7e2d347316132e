// SPDX-License-Identifier: MIT
#pragma once
// Graphviz diagrams: a chip's structure (compute, memories, links, mesh), its package (dies and
// HBM stacks on an interposer, substrate or wafer), and a result's mapping (which layers on which
// chips, and one decoder layer's ops in execution order). The DOT
// text is deterministic (node ids from names) so that diffs are reviewable; rendering to SVG
// runs Graphviz in-process (libgvc).
#include <string>

#include "config/arch_spec.h"
#include "result/result.h"

namespace xpu::report {

std::string chip_dot(const config::ArchSpec& arch);
std::string mapping_dot(const Result& result);
// How the chip is built: its logic dies and HBM stacks on the interposer or substrate, or the
// wafer (needs the arch's [package]).
std::string package_dot(const config::ArchSpec& arch);
// Which layers sit on which chips: the pipeline stages of one replica, each with its chips and
// its run of layers (spread evenly, as compiler/placement.cpp does), the replicas counted.
std::string placement_dot(const Result& result);

// Lays out `dot` with the dot engine and returns an inline <svg> element (no XML prolog, no
// namespace URLs, so it embeds in a self-contained HTML page). Throws std::runtime_error when
// Graphviz rejects the text.
std::string render_svg(const std::string& dot);

}  // namespace xpu::report
