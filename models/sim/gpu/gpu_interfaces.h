// SPDX-License-Identifier: MIT
#pragma once
// The interfaces the simulated GPU's blocks offer each other. Every call is made from an
// SC_THREAD at the caller's current simulated time; none of them waits except
// ITileSource::next_tile and ICollective::run.
#include <cstdint>
#include <systemc>

#include "workload/op.h"

namespace xpu::sim {

struct Launch;  // one issued kernel (kernel_scheduler.h)

// A tile of a launched kernel, handed to one compute unit.
struct TileRef {
  Launch* launch = nullptr;
  int64_t index = 0;
};

struct MemoryAccess {
  sc_core::sc_time done;        // absolute time the last byte arrives
  double channel_busy_s = 0.0;  // HBM channel occupancy it caused, summed over channels
  int64_t transactions = 0;     // HBM transactions it caused
};

// A level of the memory system (crossbar port, L2, HBM). Contract: read() and write() reserve
// the level's servers in call order (first come, first served per server); read() returns when
// the data will have arrived and the caller waits for it; a write is posted (the caller does
// not wait), its `done` is when the last byte has landed.
class IMemory : public virtual sc_core::sc_interface {
 public:
  // `efficiency`: fraction of a DRAM channel's peak rate this access pattern sustains.
  virtual MemoryAccess read(uint64_t address, double bytes, double efficiency) = 0;
  virtual MemoryAccess write(uint64_t address, double bytes, double efficiency) = 0;
};

// The chip-wide tensor throughput at the power-limited clock. Contract: compute() books the
// work at the chip rate in call order and returns when a unit that needs `unit_time` on its
// own finishes it, which is later when the chip as a whole is saturated.
class IThrottle : public virtual sc_core::sc_interface {
 public:
  virtual sc_core::sc_time compute(const sc_core::sc_time& unit_time,
                                   const sc_core::sc_time& chip_time) = 0;
};

// Where units get work. Contract: next_tile() blocks until a tile is available;
// try_next_tile() never blocks; tile_done() is called once per tile after its last stage.
class ITileSource : public virtual sc_core::sc_interface {
 public:
  virtual TileRef next_tile() = 0;
  virtual bool try_next_tile(TileRef& tile) = 0;
  virtual void tile_done(const TileRef& tile) = 0;
};

// The chip's links to its peers. Contract: run() is called from an SC_THREAD and returns when the
// collective has finished on this chip (it waits); concurrent calls share the links and the
// memory the collective stages its data in.
class ICollective : public virtual sc_core::sc_interface {
 public:
  virtual void run(const workload::CollectiveShape& collective) = 0;
};

}  // namespace xpu::sim
