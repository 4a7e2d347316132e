// SPDX-License-Identifier: MIT
#include "apps/cli/sweep_mpi.h"

#include <cstdlib>

#include "common/error.h"

#if XPU_WITH_MPI
#include <fmt/format.h>

#include <boost/mpi.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <mutex>
#endif

namespace xpu::cli {

bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

#if XPU_WITH_MPI

namespace {

namespace mpi = boost::mpi;

enum Tag { kWork = 1, kResults = 2 };

// Enough points per message to keep a worker's threads busy, few enough to balance the ranks.
size_t chunk_size(int jobs) { return static_cast<size_t>(std::max(1, jobs)) * 4; }

// Records travel as results.jsonl lines: the format is exact (record.h), so rank 0 writes the
// same bytes a single process would.
void work(const mpi::communicator& world, const sweep::SweepSpec& spec,
          const std::vector<sweep::Point>& points, const sweep::Executor& pool) {
  for (;;) {
    std::vector<size_t> todo;
    world.recv(0, kWork, todo);
    if (todo.empty()) return;
    std::vector<std::string> lines;
    std::mutex mutex;
    pool(todo, [&](sweep::Record r) {
      std::string line = sweep::to_jsonl(spec, points[r.index], r);
      std::lock_guard lock(mutex);
      lines.push_back(std::move(line));
    });
    world.send(0, kResults, lines);
  }
}

sweep::Executor coordinator(const mpi::communicator& world, int jobs) {
  return [&world, jobs](const std::vector<size_t>& todo,
                        const std::function<void(sweep::Record)>& done) {
    size_t next = 0;
    auto next_chunk = [&] {
      const size_t end = std::min(todo.size(), next + chunk_size(jobs));
      std::vector<size_t> chunk(todo.begin() + static_cast<std::ptrdiff_t>(next),
                                todo.begin() + static_cast<std::ptrdiff_t>(end));
      next = end;
      return chunk;
    };
    int busy = 0;
    for (int w = 1; w < world.size(); ++w) {
      const auto chunk = next_chunk();
      world.send(w, kWork, chunk);
      busy += chunk.empty() ? 0 : 1;
    }
    while (busy > 0) {
      std::vector<std::string> lines;
      const mpi::status st = world.recv(mpi::any_source, kResults, lines);
      for (const auto& line : lines) {
        auto r = sweep::from_jsonl(line);
        if (!r)
          throw std::runtime_error(fmt::format("rank {} sent a malformed record", st.source()));
        done(std::move(*r));
      }
      const auto chunk = next_chunk();
      world.send(st.source(), kWork, chunk);
      busy -= chunk.empty() ? 1 : 0;
    }
  };
}

}  // namespace

std::optional<sweep::Summary> run_sweep_over_mpi(const sweep::SweepSpec& spec,
                                                 const std::vector<sweep::Point>& points,
                                                 const std::string& dir, int jobs,
                                                 const sweep::Executor& local) {
  // Only the main thread talks MPI; the evaluation threads never do.
  static mpi::environment env(mpi::threading::funneled);
  mpi::communicator world;
  if (world.size() == 1) return sweep::run_sweep(spec, points, dir, local);
  if (world.rank() != 0) {
    work(world, spec, points, local);
    return std::nullopt;
  }
  try {
    return sweep::run_sweep(spec, points, dir, coordinator(world, jobs));
  } catch (const std::exception& e) {
    // The workers wait for work that will not come: take the whole job down with the message.
    fmt::print(stderr, "error: {}\n", e.what());
    env.abort(dynamic_cast<const ConfigError*>(&e) ? 2 : 4);
  }
  return std::nullopt;
}

#else

std::optional<sweep::Summary> run_sweep_over_mpi(const sweep::SweepSpec&,
                                                 const std::vector<sweep::Point>&,
                                                 const std::string&, int, const sweep::Executor&) {
  throw InfeasibleError("this xpusim was built without MPI (cmake -DXPU_WITH_MPI=ON, Boost.MPI)");
}

#endif

}  // namespace xpu::cli
