// SPDX-License-Identifier: MIT
#pragma once
// The one way xpusim reads an input file (arch, workload, scenario, sweep spec, calibration,
// measurements, resumed sweep results). Only a regular file of at most kMaxInputBytes is read:
// a FIFO with no writer, a device such as /dev/zero or a folder is refused at once with a
// ConfigError instead of blocking or reading until memory runs out. Every file read is
// remembered for the rest of the run, so that the output writer (atomic_file.h) can refuse to
// overwrite an input and a sweep can record what its results were computed from.
#include <cstdint>
#include <string>
#include <vector>

namespace xpu {

// 64 MiB: the largest input in the repository is 26 kB.
inline constexpr int64_t kMaxInputBytes = int64_t{64} << 20;

// The whole content of `path`; throws ConfigError naming it when it is not a readable regular
// file or is larger than kMaxInputBytes.
std::string read_input_file(const std::string& path);
// The same checks, for a file that is this run's own output read back (a sweep's results.jsonl
// on resume): it is not remembered as an input, so the run may rewrite it.
std::string read_own_output(const std::string& path);

struct InputRecord {
  std::string path;
  uint64_t content_hash = 0;  // fnv1a (common/hash.h) of the bytes read
};
// The files read so far in this process, in reading order, each once.
std::vector<InputRecord> inputs_read();
// Whether `path` names a file that this process has read as an input (same device and inode).
bool is_input_file(const std::string& path);

}  // namespace xpu
