// SPDX-License-Identifier: MIT
#include "sweep/run_sweep.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/hash.h"
#include "common/input_file.h"
#include "common/pareto.h"
#include "common/version.h"
#include "sweep/progress.h"
#include "sweep/results_log.h"

namespace xpu::sweep {

namespace fs = std::filesystem;

Executor thread_pool(const SweepSpec& spec, const std::vector<Point>& points, int jobs,
                     Engine engine) {
  return [&spec, &points, jobs, engine](const std::vector<size_t>& todo,
                                        const std::function<void(Record)>& done) {
    std::atomic<size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto work = [&] {
      try {
        for (size_t k = next++; k < todo.size(); k = next++)
          done(evaluate_point(spec, points[todo[k]], engine));
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

namespace {

// An exclusive lock on DIR for the life of the sweep: a second sweep into the same folder is
// refused instead of both appending to results.jsonl. flock is released by the kernel when the
// process dies, so a killed sweep leaves no stale lock.
class FolderLock {
 public:
  explicit FolderLock(const std::string& dir) {
    const std::string path = (fs::path(dir) / ".lock").string();
    check_output_path(path, "the sweep lock");
    m_fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (m_fd < 0) throw ConfigError(dir, 0, "", "cannot write the sweep output folder");
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(m_fd);
      throw ConfigError(
          dir, 0, "",
          "another xpusim sweep is writing to this folder; wait for it or pick another --out");
    }
  }
  ~FolderLock() { ::close(m_fd); }
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int m_fd = -1;
};

// What the results were computed from: the binary and every input file read so far (the spec,
// its base arch and workload, the calibration they name), with their content hashes.
std::string manifest_text() {
  nlohmann::ordered_json inputs = nlohmann::ordered_json::array();
  for (const auto& in : inputs_read()) {
    inputs.push_back({{"path", in.path}, {"fnv1a", fmt::format("{:016x}", in.content_hash)}});
  }
  return nlohmann::ordered_json{{"xpusim", xpusim_version()}, {"inputs", inputs}}.dump(1) + "\n";
}

// Results already in DIR are resumed only if this binary computed them from inputs that have not
// changed since: each input the manifest lists is hashed again. (Point ids already cover the
// spec's base files; the manifest adds the binary and the files those name, the calibration.)
void check_resumable(const std::string& dir) {
  const fs::path jsonl = fs::path(dir) / "results.jsonl";
  const fs::path previous = fs::path(dir) / "manifest.json";
  std::error_code ec;
  if (!fs::exists(jsonl, ec) || fs::file_size(jsonl, ec) == 0) return;
  auto refuse = [&](const std::string& why) {
    return ConfigError(
        dir, 0, "",
        fmt::format("holds results that cannot be resumed: {}; pick another --out, or "
                    "delete its results.jsonl to start over",
                    why));
  };
  if (!fs::exists(previous, ec))
    throw refuse("it has no manifest.json saying what they were computed from");
  nlohmann::json m = nlohmann::json::parse(read_own_output(previous.string()), nullptr, false);
  if (!m.is_object() || !m.contains("xpusim") || !m.contains("inputs") || !m["inputs"].is_array()) {
    throw refuse("its manifest.json is not one xpusim wrote");
  }
  if (m["xpusim"] != xpusim_version()) {
    throw refuse(fmt::format("they were computed by xpusim {}, this is {}", m["xpusim"].dump(),
                             xpusim_version()));
  }
  for (const auto& in : m["inputs"]) {
    if (!in.is_object() || !in.contains("path") || !in["path"].is_string() ||
        !in.contains("fnv1a")) {
      throw refuse("its manifest.json is not one xpusim wrote");
    }
    const std::string path = in["path"].get<std::string>();
    std::string now;
    try {
      now = fmt::format("{:016x}", fnv1a(read_input_file(path)));
    } catch (const ConfigError&) {
      throw refuse(fmt::format("their input {} cannot be read any more", path));
    }
    if (in["fnv1a"] != now) throw refuse(fmt::format("their input {} has changed since", path));
  }
}

}  // namespace

Summary run_sweep(const SweepSpec& spec, const std::vector<Point>& points, const std::string& dir,
                  const Executor& executor) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  FolderLock lock(dir);
  check_resumable(dir);
  write_file_atomically(fs::path(dir) / "manifest.json", manifest_text(), "the sweep output");
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
    for (auto it = waiting.find(next_to_write); it != waiting.end();
         it = waiting.find(next_to_write)) {
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
  summary.front = front;
  summary.records = std::move(records);
  return summary;
}

}  // namespace xpu::sweep
