#!/usr/bin/python3
"""Turns one JMH JSON result file (and WireSizes' and Footprint's JSON) into the Markdown table
./bench/run prints.

Every figure is the median of all measured iterations of all forks. Ratios compare h2j with the best
peer of the same run; the targets are issue 9's. The memory rows (Footprint) have no peers.

    python3 bench/table.py jmh.json wire-sizes.json [footprint.json [python-h2.json]]

python-h2.json is bench/python_h2.py's output (python h2's in-memory exchange and bulk); it joins the
exchange and bulk rows as the peer "python h2". The in-memory pair "h2j" is h2j's zero-copy path;
"h2j-copy" (its copying API) is no peer: its figures follow the table.
"""
import json
import statistics
import sys

PEERS = ["netty", "netty-huffman", "jetty", "twitter", "python h2", "memory copy"]


def median(metric):
    return statistics.median(v for fork in metric["rawData"] for v in fork)


def load(path):
    """Maps (benchmark, variant) to (score, octets allocated per op or None)."""
    out = {}
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 2)
        bench = name[-2] + "." + name[-1]
        params = r.get("params", {})
        key = (bench, params.get("window"))
        who = params.get("peer") or params.get("impl") or "memory copy"
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        out.setdefault(key, {})[who] = (median(r["primaryMetric"]), median(alloc) if alloc else None)
    return out


def si(x):
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if x >= scale:
            return "%.2f %s" % (x / scale, suffix)
    return "%.0f" % x


def row(label, unit, cells, higher_is_better, target, met_rule, fmt=si, ceiling=None):
    """cells: who -> number. met_rule(h2j, best peer value, cells) -> bool."""
    h2j = cells.get("h2j")
    peers = {k: v for k, v in cells.items() if not k.startswith("h2j") and k != "memory copy" and v is not None}
    if h2j is None or not peers:
        return None
    best = max(peers.values()) if higher_is_better else min(peers.values())
    ratio = h2j / best if best else float("inf")
    met = met_rule(h2j, best, cells)
    shown = [fmt(cells[p]) if cells.get(p) is not None else "" for p in PEERS]
    return "| %s | %s | %s | %s | %.2f× | %s | %s |" % (
        label, unit, fmt(h2j), " | ".join(shown), ratio, target, "yes" if met else "**no**")


def memory_row(label, octets, limit):
    """A row for h2j alone: what the core keeps in the heap, against an absolute target."""
    return "| %s | B | %.0f | %s | — | ≤ %d | %s |" % (
        label, octets, " | ".join("" for _ in PEERS), limit, "yes" if octets <= limit else "**no**")


def main(jmh_path, sizes_path, footprint_path=None, python_path=None):
    res = load(jmh_path)
    python = json.load(open(python_path)) if python_path else {}
    sizes = json.load(open(sizes_path))
    per_list = sizes["octets"] / sizes["lists"]
    lines = [
        "| benchmark | unit | h2j | " + " | ".join(PEERS) + " | h2j / best peer | target | met? |",
        "| --- | --- | ---: | " + " | ".join("---:" for _ in PEERS) + " | ---: | --- | --- |",
    ]

    def scores(key):
        return {k: v[0] for k, v in res.get(key, {}).items()}

    def allocs(key):
        return {k: v[1] for k, v in res.get(key, {}).items() if v[1] is not None}

    hpack_fmt = lambda x: "%s (%.0f MB/s)" % (si(x), x * per_list / 1e6)
    enc = scores(("HpackBenchmark.encode", None))
    wire = {p: s["encoded"] for p, s in sizes["peers"].items()}
    out = []
    out.append(row("HPACK encode", "lists/s (name+value MB/s)", enc, True,
                   "≥ 1.25× netty, size ≤ netty-huffman",
                   lambda h, b, c: "netty" in c and h >= 1.25 * c["netty"] and wire["h2j"] <= wire["netty-huffman"],
                   hpack_fmt))
    out.append(row("HPACK decode (own wire)", "lists/s (name+value MB/s)",
                   scores(("HpackBenchmark.decode", None)), True, "≥ 1.25× fastest peer",
                   lambda h, b, c: h >= 1.25 * b, hpack_fmt))
    out.append(row("HPACK encode alloc", "B/list", allocs(("HpackBenchmark.encode", None)), False,
                   "≤ lowest peer", lambda h, b, c: h <= b, lambda x: "%.0f" % x))
    out.append(row("HPACK decode alloc", "B/list", allocs(("HpackBenchmark.decode", None)), False,
                   "≤ lowest peer", lambda h, b, c: h <= b, lambda x: "%.0f" % x))
    out.append(row("HPACK encoded size", "% of name+value octets",
                   {p: 100.0 * n / sizes["octets"] for p, n in wire.items()}, False,
                   "≤ netty-huffman", lambda h, b, c: h <= c["netty-huffman"], lambda x: "%.1f %%" % x))
    ex = ("ExchangeBenchmark.exchange", None)
    exchange = scores(ex)
    if "exchange" in python:
        exchange["python h2"] = python["exchange"]
    out.append(row("in-memory exchange", "requests/s", exchange, True, "≥ 2× netty, ≥ 50× python h2",
                   lambda h, b, c: h >= 2 * c["netty"] and "python h2" in c and h >= 50 * c["python h2"]))
    out.append(row("in-memory exchange alloc", "B/request", allocs(ex), False, "≤ 1024",
                   lambda h, b, c: h <= 1024, lambda x: "%.0f" % x))
    copy = scores(("MemoryCopyBenchmark.copy", None)).get("memory copy")
    size = 64 * 1024 * 1024
    for window in ("65535", "1048576"):
        cells = {k: v * size / 1e6 for k, v in scores(("BulkBenchmark.transfer", window)).items()}
        if copy is not None:
            cells["memory copy"] = copy * size / 1e6
        if window in python.get("bulk", {}):
            cells["python h2"] = python["bulk"][window]
        out.append(row("bulk 64 MiB, window %s" % format(int(window), ","), "MB/s", cells, True,
                       "≥ 1.1× netty, ≥ 70 % of copy",
                       lambda h, b, c: h >= 1.1 * c["netty"] and "memory copy" in c and h >= 0.7 * c["memory copy"],
                       lambda x: "%.0f" % x))
    copying = []
    if "h2j-copy" in exchange:
        copying.append("exchange %s requests/s" % si(exchange["h2j-copy"]))
    if "h2j-copy" in allocs(ex):
        copying.append("%.0f B/request" % allocs(ex)["h2j-copy"])
    for window in ("65535", "1048576"):
        bulk = scores(("BulkBenchmark.transfer", window))
        if "h2j-copy" in bulk:
            copying.append("bulk %.0f MB/s at window %s" % (bulk["h2j-copy"] * size / 1e6, format(int(window), ",")))
    if footprint_path:
        footprint = json.load(open(footprint_path))
        out.append(memory_row("memory per idle connection", footprint["idleConnection"], 2048))
        out.append(memory_row("memory per open stream", footprint["openStream"], 256))
    lines += [line for line in out if line]
    print("\n".join(lines))
    print()
    print("Huffman policies: " + "; ".join("%s: %s" % (p, s["huffman"]) for p, s in sizes["peers"].items()) + ".")
    if copying:
        print("h2j's copying API (sendData, dataToSend(ByteBuffer), DATA events with their own copy): "
              + ", ".join(copying) + ".")
    print("Workload: %d header lists, %d name+value octets (raw-data, HTTP/2-legal)." % (sizes["lists"], sizes["octets"]))


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4, 5):
        sys.exit("usage: table.py JMH_JSON WIRE_SIZES_JSON [FOOTPRINT_JSON [PYTHON_H2_JSON]]")
    main(*sys.argv[1:])
