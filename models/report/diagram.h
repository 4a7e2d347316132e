// SPDX-License-Identifier: MIT
#pragma once
// Graphviz diagrams: a chip's structure (compute, memories, links, mesh) and a result's mapping
// (its layout over chips and one decoder layer's ops in execution order). The DOT
// text is deterministic (node ids from names) so that diffs are reviewable; rendering to SVG
// runs Graphviz in-process (libgvc).
#include <string>

#include "config/arch_spec.h"
#include "result/result.h"

namespace xpu::report {

std::string chip_dot(const config::ArchSpec& arch);
std::string mapping_dot(const Result& result);

// Lays out `dot` with the dot engine and returns an inline <svg> element (no XML prolog, no
// namespace URLs, so it embeds in a self-contained HTML page). Throws std::runtime_error when
// Graphviz rejects the text.
std::string render_svg(const std::string& dot);

}  // namespace xpu::report
