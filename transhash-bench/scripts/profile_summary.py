#!/usr/bin/env python3
"""Adds up a PyTorch profiler trace (VitStepBenchmark's profile mode) into each operator's own
time a step: an event's duration less its direct children's, so nothing is counted twice.

  transhash-bench/scripts/profile_summary.py TRACE.json STEPS [TOP]

Prints the milliseconds a step of five families (matrix products, convolutions, batch norm,
copies, the rest), then the TOP operators (default 15) and the TOP operator-and-shape pairs.
"""
import collections
import json
import sys

FAMILIES = (
    ("matrix products", ("aten::mm", "aten::bmm", "aten::addmm")),
    ("convolutions", ("aten::convolution_backward", "aten::mkldnn_convolution")),
    ("batch norm", ("aten::native_batch_norm", "aten::native_batch_norm_backward")),
    ("copies", ("aten::copy_",)),
)


def family(name):
    return next((f for f, names in FAMILIES if name in names), "the rest")


def own_times(events):
    """Each event's duration less its direct children's (events nest by time on one thread)."""
    by_thread = collections.defaultdict(list)
    for e in events:
        by_thread[e.get("tid")].append(e)
    for thread in by_thread.values():
        thread.sort(key=lambda e: (e["ts"], -e["dur"]))
        open_events = []
        for e in thread:
            while open_events and open_events[-1]["ts"] + open_events[-1]["dur"] <= e["ts"]:
                open_events.pop()
            e["own"] = e["dur"]
            if open_events:
                open_events[-1]["own"] -= e["dur"]
            open_events.append(e)
    return events


def main(path, steps, top):
    with open(path) as f:
        trace = json.load(f)
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    events = own_times([e for e in events if e.get("ph") == "X"])
    per_step = 1000.0 * steps  # microseconds to milliseconds a step
    families, ops, shapes, calls = (collections.Counter() for _ in range(4))
    for e in events:
        families[family(e["name"])] += e["own"] / per_step
        ops[e["name"]] += e["own"] / per_step
        calls[e["name"]] += 1
        shapes[(e["name"], json.dumps(e.get("shape")))] += e["own"] / per_step
    total = sum(families.values())
    print(f"{total:8.1f} ms a step, in all")
    for name, ms in families.most_common():
        print(f"{ms:8.1f} ms {100 * ms / total:5.1f} %  {name}")
    print()
    for name, ms in ops.most_common(top):
        print(f"{ms:8.1f} ms {calls[name] / steps:6.0f} calls  {name}")
    print()
    for (name, shape), ms in shapes.most_common(top):
        print(f"{ms:8.1f} ms  {name} {shape[:100]}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 15)
