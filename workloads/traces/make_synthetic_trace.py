#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes workloads/traces/synthetic_chat.csv, the small synthetic trace `xpusim serve` replays
(docs/scale_out.md, "Serving simulator"). Deterministic: Python's Mersenne Twister, seed 18.

  arrivals        Poisson, 2 requests/s, 600 requests (about 5 minutes)
  input tokens    lognormal, median 512, sigma 0.8 (of ln), clipped to [16, 3072]
  output tokens   lognormal, median 200, sigma 0.7 (of ln), clipped to [4, 1024]

The shape (long-tailed prompts, answers a few hundred tokens long) is an assumption in the
spirit of chat traffic such as the Azure LLM inference trace; the numbers are not fitted to it.
"""
import math
import pathlib
import random

SEED = 18
REQUESTS = 600
RATE_PER_S = 2.0


def main() -> None:
    rng = random.Random(SEED)
    out = pathlib.Path(__file__).with_name("synthetic_chat.csv")
    t = 0.0
    rows = ["arrival_s,input_tokens,output_tokens"]
    for _ in range(REQUESTS):
        t += rng.expovariate(RATE_PER_S)
        prompt = min(3072, max(16, round(rng.lognormvariate(math.log(512), 0.8))))
        answer = min(1024, max(4, round(rng.lognormvariate(math.log(200), 0.7))))
        rows.append(f"{t:.4f},{prompt},{answer}")
    out.write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
