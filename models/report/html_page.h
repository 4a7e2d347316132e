// SPDX-License-Identifier: MIT
#pragma once
// What the report's self-contained HTML pages share (index.html, a sweep's index.html): their
// stylesheet and the figure with its "What this shows" caption.
#include <string>
#include <string_view>

namespace xpu::report {

// Sized for a 1400 px window: the page is at most 1240 px wide, long cells wrap anywhere rather
// than widen a table, and a table scrolls inside its own box with its header row kept in view.
std::string_view page_style();

// An inline SVG (or any HTML) with its caption, escaped.
std::string figure(const std::string& svg_text, const std::string& caption);

}  // namespace xpu::report
