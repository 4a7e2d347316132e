// SPDX-License-Identifier: MIT
#pragma once
// lessons.html of the comparison report: a short page for teaching, each lesson stated with the
// comparison's own numbers and the `xpusim explain` command that reproduces its point. A lesson
// whose archs are not in the comparison says so instead of a number.
#include <string>

#include "studies/comparison.h"

namespace xpu::report {

std::string to_lessons_html(const studies::Comparison& c);

}  // namespace xpu::report
