// SPDX-License-Identifier: MIT
#pragma once
// Errors a user can cause. Every one names where the problem is, so that the CLI can print
// "file:line: key: what is wrong" and exit non-zero instead of crashing or guessing.
#include <stdexcept>
#include <string>

namespace xpu {

// Bad input in a spec file (arch, workload, sweep, calibration): always carries a location.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string file, int line, std::string key, const std::string& what);
  const std::string& file() const { return m_file; }
  int line() const { return m_line; }
  const std::string& key() const { return m_key; }

 private:
  std::string m_file;
  int m_line;
  std::string m_key;
};

// A well-formed request that cannot be served: a model that does not fit in memory, an
// operator a fixed-function chip cannot run, a parallel layout that does not divide the model.
class InfeasibleError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The infeasible request that more chips or memory would fix: the model does not fit.
class DoesNotFitError : public InfeasibleError {
 public:
  using InfeasibleError::InfeasibleError;
};

}  // namespace xpu
