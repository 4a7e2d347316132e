// SPDX-License-Identifier: MIT
// The process-pool executor (run_sweep.h): worker processes send their records back as
// results.jsonl lines over pipes; the parent parses each line into the record and hands it on.
#include <fmt/format.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <stdexcept>

#include "sweep/run_sweep.h"

namespace xpu::sweep {

namespace {

// A worker's failure travels as a line starting with this byte, which no JSON line does.
constexpr char kFailure = '!';

void write_all(int fd, const std::string& text) {
  for (size_t sent = 0; sent < text.size();) {
    const ssize_t n = ::write(fd, text.data() + sent, text.size() - sent);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(3);  // the parent is gone
    sent += static_cast<size_t>(n);
  }
}

// Runs in the child: every `stride`-th point of `todo` from `first`. Never returns.
[[noreturn]] void work(const SweepSpec& spec, const std::vector<Point>& points, const std::vector<size_t>& todo,
                       size_t first, size_t stride, const Engine& engine, int fd) {
  int status = 0;
  try {
    for (size_t k = first; k < todo.size(); k += stride) {
      const Point& p = points[todo[k]];
      write_all(fd, to_jsonl(spec, p, evaluate_point(spec, p, engine)) + "\n");
    }
  } catch (const std::exception& e) {
    std::string what = e.what();
    std::replace(what.begin(), what.end(), '\n', ' ');
    write_all(fd, fmt::format("{}{}\n", kFailure, what));
    status = 1;
  }
  ::close(fd);
  _exit(status);  // no atexit handlers or static destructors: they belong to the parent
}

struct Worker {
  pid_t pid = -1;
  int fd = -1;
  std::string pending;  // an incomplete last line
};

}  // namespace

Executor process_pool(const SweepSpec& spec, const std::vector<Point>& points, int jobs, Engine engine) {
  return [&spec, &points, jobs, engine](const std::vector<size_t>& todo, const std::function<void(Record)>& done) {
    if (todo.empty()) return;
    const size_t n = std::clamp<size_t>(static_cast<size_t>(std::max(jobs, 1)), 1, todo.size());
    std::vector<Worker> workers;
    std::fflush(nullptr);  // nothing buffered is written twice
    for (size_t c = 0; c < n; ++c) {
      int fds[2];
      if (::pipe(fds) != 0) throw std::runtime_error("sweep: cannot create a pipe for a worker process");
      const pid_t pid = ::fork();
      if (pid < 0) throw std::runtime_error("sweep: cannot start a worker process");
      if (pid == 0) {
        ::close(fds[0]);
        for (const auto& w : workers) ::close(w.fd);
        work(spec, points, todo, c, n, engine, fds[1]);
      }
      ::close(fds[1]);
      workers.push_back({pid, fds[0], {}});
    }

    std::string failure;
    std::vector<pollfd> open;
    for (const auto& w : workers) open.push_back({w.fd, POLLIN, 0});
    char buffer[1 << 16];
    while (std::any_of(open.begin(), open.end(), [](const pollfd& p) { return p.fd >= 0; })) {
      if (::poll(open.data(), open.size(), -1) < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error("sweep: cannot wait for the worker processes");
      }
      for (size_t c = 0; c < open.size(); ++c) {
        if (open[c].fd < 0 || open[c].revents == 0) continue;
        const ssize_t got = ::read(open[c].fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
          ::close(open[c].fd);
          open[c].fd = -1;
          continue;
        }
        std::string& pending = workers[c].pending;
        pending.append(buffer, static_cast<size_t>(got));
        for (size_t end; (end = pending.find('\n')) != std::string::npos; pending.erase(0, end + 1)) {
          const std::string line = pending.substr(0, end);
          if (!line.empty() && line[0] == kFailure) {
            if (failure.empty()) failure = line.substr(1);
          } else if (auto record = from_jsonl(line)) {
            done(std::move(*record));
          } else if (failure.empty()) {
            failure = "a worker process sent a line that is not a result";
          }
        }
      }
    }
    for (const auto& w : workers) {
      int status = 0;
      ::waitpid(w.pid, &status, 0);
      if (failure.empty() && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
        failure = WIFSIGNALED(status) ? fmt::format("a worker process died of signal {}", WTERMSIG(status))
                                      : "a worker process failed";
      }
    }
    if (!failure.empty()) throw std::runtime_error("sweep: " + failure);
  };
}

}  // namespace xpu::sweep
