// SPDX-License-Identifier: MIT
#pragma once
// Unit conversions used when decoding spec files. Spec keys carry their unit as a suffix
// (`bandwidth_tbs`, `capacity_gb`); the model works in SI base units (bytes, seconds, FLOP/s,
// joules) everywhere after decoding, and names say so (`hbm_bandwidth_bytes_per_s`).
// Storage and bandwidth prefixes are decimal, as vendors publish them.

namespace xpu::units {

inline constexpr double kKilo = 1e3;
inline constexpr double kMega = 1e6;
inline constexpr double kGiga = 1e9;
inline constexpr double kTera = 1e12;
inline constexpr double kPeta = 1e15;
inline constexpr double kMicro = 1e-6;
inline constexpr double kNano = 1e-9;
inline constexpr double kPico = 1e-12;
inline constexpr double kBitsPerByte = 8.0;

}  // namespace xpu::units
