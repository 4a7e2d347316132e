// SPDX-License-Identifier: MIT
#include "sweep/run_sweep.h"

#include <atomic>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "common/atomic_file.h"
#include "sweep/pareto.h"
#include "sweep/progress.h"
#include "sweep/results_log.h"

namespace xpu::sweep {

namespace fs = std::filesystem;

Executor thread_pool(const SweepSpec& spec, const std::vector<Point>& points, int jobs, Engine engine) {
  return [&spec, &points, jobs, engine](const std::vector<size_t>& todo, const std::function<void(Record)>& done) {
    std::atomic<size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto work = [&] {
      try {
        for (size_t k = next++; k < todo.size(); k = next++) done(evaluate_point(spec, points[todo[k]], engine));
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = todo.size();  // stop the others at their next claim
      }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < std::max(1, jobs); ++t) threads.emplace_back(work);
    for (auto& t : threads) t.join();
    if (failure) std::rethrow_exception(failure);
  };
}

// Fronts over tokens/s (max), J/token, HBM stacks and, when every point has one, chip cost (min).
std::vector<size_t> pareto_of(const std::vector<Record>& records) {
  bool all_costed = true;
  for (const auto& r : records) all_costed &= !r.metrics || r.metrics->cost_usd.has_value();
  std::vector<std::vector<double>> costs;
  std::vector<size_t> ok;
  for (size_t i = 0; i < records.size(); ++i) {
    if (!records[i].metrics) continue;
    const Metrics& m = *records[i].metrics;
    costs.push_back({-m.tokens_per_s, m.energy_j_per_token, static_cast<double>(m.hbm_stacks)});
    if (all_costed) costs.back().push_back(*m.cost_usd);
    ok.push_back(i);
  }
  std::vector<size_t> front;
  for (size_t k : pareto_front(costs)) front.push_back(ok[k]);
  return front;
}

Summary run_sweep(const SweepSpec& spec, const std::vector<Point>& points, const std::string& dir,
                  const Executor& executor) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  write_file_atomically(fs::path(dir) / "sweep.toml", spec.text, "the sweep output");
  ResultsLog log(dir, spec, points);

  Summary summary;
  summary.points = points.size();
  summary.resumed = log.resumed().size();
  summary.discarded = log.discarded();
  std::vector<Record> records = log.resumed();
  std::vector<size_t> todo;
  for (size_t i = records.size(); i < points.size(); ++i) todo.push_back(i);
  records.resize(points.size());

  // Reorder buffer: records arrive in any order and leave in point order, so that the files
  // do not depend on the number of threads or ranks.
  Progress progress(todo.size());
  std::mutex mutex;
  std::map<size_t, Record> waiting;
  size_t next_to_write = summary.resumed;
  executor(todo, [&](Record r) {
    std::lock_guard lock(mutex);
    progress.advance();
    waiting.emplace(r.index, std::move(r));
    for (auto it = waiting.find(next_to_write); it != waiting.end(); it = waiting.find(next_to_write)) {
      log.append(points[next_to_write], it->second);
      records[next_to_write] = std::move(it->second);
      waiting.erase(it);
      ++next_to_write;
    }
  });
  progress.finish();
  summary.evaluated = todo.size();
  summary.seconds = progress.elapsed_s();
  for (const auto& r : records) (r.metrics ? summary.ok : summary.not_ok)++;

  std::string pareto = csv_header(spec) + "\n";
  const auto front = pareto_of(records);
  for (size_t i : front) pareto += to_csv(points[i], records[i]) + "\n";
  write_file_atomically(fs::path(dir) / "pareto.csv", pareto, "the sweep output");
  summary.pareto = front.size();
  return summary;
}

}  // namespace xpu::sweep
