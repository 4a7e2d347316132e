// SPDX-License-Identifier: MIT
#pragma once
// `xpusim sweep` under mpirun: rank 0 hands out point indices and writes the files; the other
// ranks evaluate the points they are given with `local`: their own threads, or worker processes
// for an engine that runs one simulation per process (SystemC).
#include <optional>
#include <string>
#include <vector>

#include "sweep/design.h"
#include "sweep/run_sweep.h"
#include "sweep/sweep_spec.h"

namespace xpu::cli {

// Whether this process was started by an MPI launcher (mpirun sets these variables), so that a
// plain `xpusim sweep` never initialises MPI.
bool launched_by_mpi();

// Rank 0: the summary of the run. Other ranks: nullopt once rank 0 has no work left. `jobs`
// sizes the chunks rank 0 hands out; a single rank runs the whole sweep with `local`.
// Throws InfeasibleError where this build has no MPI.
std::optional<sweep::Summary> run_sweep_over_mpi(const sweep::SweepSpec& spec,
                                                 const std::vector<sweep::Point>& points,
                                                 const std::string& dir, int jobs,
                                                 const sweep::Executor& local);

}  // namespace xpu::cli
