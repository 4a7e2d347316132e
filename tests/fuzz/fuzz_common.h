// SPDX-License-Identifier: MIT
#pragma once
// Shared by the libFuzzer targets: the fuzz bytes become a TOML document named as if it lay in
// the folder its kind lives in (so that relative paths inside it resolve against real files),
// then go through the decoder. A ConfigError (bad input, located) or an InfeasibleError (a
// well-formed request the model refuses) is the expected outcome of most inputs; any other
// exception escapes, and libFuzzer reports it as a crash, as it does for ASan/UBSan findings.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/error.h"
#include "config/toml_reader.h"

namespace xpu::fuzz {

// For loaders that take the text itself.
template <typename DecodeText>
int run_text(const uint8_t* data, size_t size, DecodeText decode) {
  try {
    decode(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const ConfigError&) {
  } catch (const InfeasibleError&) {
  }
  return 0;
}

template <typename Decode>
int run(const uint8_t* data, size_t size, const char* name, Decode decode) {
  return run_text(data, size,
                  [&](std::string_view text) { decode(config::Document::parse(text, name)); });
}

}  // namespace xpu::fuzz
