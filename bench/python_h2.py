#!/usr/bin/python3
"""The seed's implementation, python-hyper h2 (Debian's python3-h2), doing what h2j-bench's in-memory
pairs do: a client and a server connection wired buffer to buffer, (1) 100 GETs in flight answered with
200, a content-type and a 100-octet body, and (2) one 64 MiB response in 16 KiB DATA frames at client
windows 65,535 and 1 MiB. Prints one JSON object: requests/s and MB/s, each the median of 5 runs of
about a second (CPython has no JIT to warm up; one warm-up run is dropped).

    /usr/bin/python3 bench/python_h2.py
"""
import json
import statistics
import time

import h2.config
import h2.connection
import h2.events
import h2.settings

IN_FLIGHT = 100
BODY = b"\0" * 100
BULK = 64 * 1024 * 1024
FRAME = 16384


def pair(window):
    client = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    server = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False))
    client.local_settings = h2.settings.Settings(client=True, initial_values={
        h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: window})
    client.initiate_connection()
    server.initiate_connection()
    if window > 65535:
        # RFC 9113 §6.9.2: SETTINGS do not change the connection window; a WINDOW_UPDATE does.
        client.increment_flow_control_window(window - 65535)
    pump(client, server, lambda events: None, lambda events: None)
    return client, server


def pump(client, server, on_server, on_client):
    moved = True
    while moved:
        moved = False
        out = client.data_to_send()
        if out:
            moved = True
            on_server(server.receive_data(out))
        out = server.data_to_send()
        if out:
            moved = True
            on_client(client.receive_data(out))


def exchange_round(client, server):
    """100 requests in flight; returns when every response ended."""
    ended = [0]
    for _ in range(IN_FLIGHT):
        client.send_headers(client.get_next_available_stream_id(),
                            [(":method", "GET"), (":scheme", "http"), (":authority", "bench.h2j.dev"), (":path", "/")],
                            end_stream=True)

    def on_server(events):
        for e in events:
            if isinstance(e, h2.events.RequestReceived):
                server.send_headers(e.stream_id, [(":status", "200"), ("content-type", "application/octet-stream")])
                server.send_data(e.stream_id, BODY, end_stream=True)

    def on_client(events):
        for e in events:
            if isinstance(e, h2.events.DataReceived):
                client.acknowledge_received_data(e.flow_controlled_length, e.stream_id)
            elif isinstance(e, h2.events.StreamEnded):
                ended[0] += 1

    pump(client, server, on_server, on_client)
    if ended[0] != IN_FLIGHT:
        raise RuntimeError("%d of %d responses ended" % (ended[0], IN_FLIGHT))


def requests_per_second():
    client, server = pair(65535)
    start = time.perf_counter()
    rounds = 0
    while time.perf_counter() - start < 1.0:
        exchange_round(client, server)
        rounds += 1
    return rounds * IN_FLIGHT / (time.perf_counter() - start)


def bulk_megabytes_per_second(window):
    client, server = pair(window)
    start = time.perf_counter()
    stream = client.get_next_available_stream_id()
    client.send_headers(stream, [(":method", "GET"), (":scheme", "http"), (":authority", "bench.h2j.dev"),
                                 (":path", "/bulk")], end_stream=True)
    chunk = b"\0" * FRAME
    state = {"sent": 0, "received": 0, "ended": False, "open": False}

    def on_server(events):
        for e in events:
            if isinstance(e, h2.events.RequestReceived):
                server.send_headers(e.stream_id, [(":status", "200")])
                state["open"] = True

    def on_client(events):
        for e in events:
            if isinstance(e, h2.events.DataReceived):
                state["received"] += len(e.data)
                client.acknowledge_received_data(e.flow_controlled_length, e.stream_id)
            elif isinstance(e, h2.events.StreamEnded):
                state["ended"] = True

    pump(client, server, on_server, on_client)
    while not state["ended"]:
        window_left = server.local_flow_control_window(stream)
        while state["sent"] < BULK and window_left > 0:
            n = min(FRAME, BULK - state["sent"], window_left)
            state["sent"] += n
            server.send_data(stream, chunk[:n], end_stream=state["sent"] == BULK)
            window_left = server.local_flow_control_window(stream)
        pump(client, server, on_server, on_client)
    if state["received"] != BULK:
        raise RuntimeError("received %d of %d octets" % (state["received"], BULK))
    return BULK / (time.perf_counter() - start) / 1e6


def median_of_runs(measure, runs=5):
    measure()  # warm-up, dropped
    return statistics.median(measure() for _ in range(runs))


if __name__ == "__main__":
    print(json.dumps({
        "h2": h2.__version__,
        "exchange": median_of_runs(requests_per_second),
        "bulk": {"65535": median_of_runs(lambda: bulk_megabytes_per_second(65535), 3),
                 "1048576": median_of_runs(lambda: bulk_megabytes_per_second(1048576), 3)},
    }))
