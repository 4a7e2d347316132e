// SPDX-License-Identifier: MIT
// The process-pool executor (run_sweep.h): every point is evaluated in a process of its own,
// forked for it, which sends its record back as a results.jsonl line over a pipe; at most `jobs`
// run at once. One process per point is what SystemC asks for (one simulation per process), and
// keeps a crash or a sanitizer's complaint about SystemC's coroutine stacks to the point at hand.
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

// Runs in the child: one point. Never returns.
[[noreturn]] void evaluate_in_child(const SweepSpec& spec, const Point& point, const Engine& engine,
                                    int fd) {
  int status = 0;
  try {
    write_all(fd, to_jsonl(spec, point, evaluate_point(spec, point, engine)) + "\n");
  } catch (const std::exception& e) {
    std::string what = e.what();
    std::replace(what.begin(), what.end(), '\n', ' ');
    write_all(fd, fmt::format("{}{}\n", kFailure, what));
    status = 1;
  }
  ::close(fd);
  _exit(status);  // no atexit handlers or static destructors: they belong to the parent
}

struct Child {
  pid_t pid = -1;
  int fd = -1;
  std::string output;
};

}  // namespace

Executor process_pool(const SweepSpec& spec, const std::vector<Point>& points, int jobs,
                      Engine engine) {
  return [&spec, &points, jobs, engine](const std::vector<size_t>& todo,
                                        const std::function<void(Record)>& done) {
    const size_t most = static_cast<size_t>(std::max(jobs, 1));
    std::vector<Child> running;
    std::string failure;
    size_t next = 0;
    auto spawn = [&](const Point& point) {
      int fds[2];
      if (::pipe(fds) != 0)
        throw std::runtime_error("sweep: cannot create a pipe for a worker process");
      std::fflush(nullptr);  // nothing buffered is written twice
      const pid_t pid = ::fork();
      if (pid < 0) throw std::runtime_error("sweep: cannot start a worker process");
      if (pid == 0) {
        ::close(fds[0]);
        for (const auto& c : running) ::close(c.fd);
        evaluate_in_child(spec, point, engine, fds[1]);
      }
      ::close(fds[1]);
      running.push_back({pid, fds[0], {}});
    };
    // A child has closed its pipe: collect its line and its exit status.
    auto reap = [&](Child& c) {
      ::close(c.fd);
      int status = 0;
      ::waitpid(c.pid, &status, 0);
      const std::string line = c.output.substr(0, c.output.find('\n'));
      if (!line.empty() && line[0] == kFailure) {
        if (failure.empty()) failure = line.substr(1);
      } else if (auto record = from_jsonl(line);
                 record && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        done(std::move(*record));
      } else if (failure.empty()) {
        failure = WIFSIGNALED(status)
                      ? fmt::format("a worker process died of signal {}", WTERMSIG(status))
                      : "a worker process failed without a result";
      }
    };

    while (next < todo.size() || !running.empty()) {
      while (failure.empty() && next < todo.size() && running.size() < most)
        spawn(points[todo[next++]]);
      if (running.empty()) break;
      std::vector<pollfd> fds;
      for (const auto& c : running) fds.push_back({c.fd, POLLIN, 0});
      if (::poll(fds.data(), fds.size(), -1) < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error("sweep: cannot wait for the worker processes");
      }
      char buffer[1 << 16];
      for (size_t i = fds.size(); i-- > 0;) {  // backwards: reaped children leave `running`
        if (fds[i].revents == 0) continue;
        const ssize_t got = ::read(running[i].fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got > 0) {
          running[i].output.append(buffer, static_cast<size_t>(got));
          continue;
        }
        reap(running[i]);
        running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
    if (!failure.empty()) throw std::runtime_error("sweep: " + failure);
  };
}

}  // namespace xpu::sweep
