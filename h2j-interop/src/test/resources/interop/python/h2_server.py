"""The h2j-interop endpoint contract (Site's files, /echo, /trailers, /headers, /drip, /delay) served by
python-hyper's h2 (Debian's python3-h2) on plain sockets, one thread per connection, for h2j's client
(PythonH2ServerTest).

    /usr/bin/python3 h2_server.py --root DIR [--port N]

Cleartext HTTP/2 with prior knowledge (RFC 9113 §3.3) on 127.0.0.1. Standard output is one JSON object
per line: {"event":"listening","port":N} once bound, {"event":"request","stream":S,"method":M,"path":P}
per request, and {"event":"reset","stream":S,"path":P,"code":C} per stream the client reset.
"""
import heapq
import json
import mimetypes
import os
import socket
import sys
import threading
import time
from urllib.parse import parse_qs, unquote, urlsplit

import h2.config
import h2.connection
import h2.events
import h2.exceptions

CHUNK = 16 * 1024
DRIP_LIMIT = 1024 * 1024 * 1024
IDLE_SECONDS = 1.0
OUTPUT = threading.Lock()


def emit(**event):
    with OUTPUT:
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()


def chunks_of(data):
    yield data


def file_chunks(path):
    with open(path, "rb") as f:
        while True:
            chunk = f.read(64 * 1024)
            if not chunk:
                return
            yield chunk


def drip_chunks():
    """A body that does not end on its own: 16 KiB chunks, at most 1 GiB."""
    chunk = b"." * CHUNK
    for _ in range(DRIP_LIMIT // CHUNK):
        yield chunk


class Body:
    """What is left to send on one stream: chunks from a source, then the end (with trailers, maybe)."""

    def __init__(self, chunks, trailers=None):
        self.chunks = chunks
        self.pending = b""
        self.trailers = trailers
        self.source_ended = False

    def next_octets(self):
        """The octets waiting to go out, pulling the next chunk from the source when none wait."""
        if not self.pending and not self.source_ended:
            self.pending = next(self.chunks, b"")
            self.source_ended = not self.pending
        return self.pending


class Echo(Body):
    """The request body of POST /echo, sent back as it arrives; ends when the request did."""

    def __init__(self, request_ended):
        super().__init__(None)
        self.source_ended = request_ended

    def next_octets(self):
        return self.pending


class Connection:
    """One HTTP/2 connection: reads frames, answers requests, sends bodies as the windows allow."""

    def __init__(self, sock, root):
        self.sock = sock
        self.root = root
        self.conn = h2.connection.H2Connection(
            h2.config.H2Configuration(client_side=False, header_encoding="utf-8"))
        self.bodies = {}
        self.paths = {}
        self.timers = []  # a heap of (due, stream id, id) for /delay

    def run(self):
        self.conn.initiate_connection()
        self.flush()
        while True:
            self.fire_timers()
            self.send_bodies()
            # A WINDOW_UPDATE, more of an echo's body or a new request wakes the read; a /delay timer
            # bounds the wait.
            wait = IDLE_SECONDS
            if self.timers:
                wait = max(0.001, min(wait, self.timers[0][0] - time.monotonic()))
            self.sock.settimeout(wait)
            try:
                data = self.sock.recv(256 * 1024)
            except socket.timeout:
                continue
            except OSError:
                return
            if not data:
                return
            try:
                events = self.conn.receive_data(data)
            except h2.exceptions.ProtocolError as e:
                emit(event="protocol-error", message=str(e))
                self.flush()
                return
            for event in events:
                self.handle(event)

    def fire_timers(self):
        now = time.monotonic()
        while self.timers and self.timers[0][0] <= now:
            _, stream_id, text = heapq.heappop(self.timers)
            if stream_id in self.paths:
                self.respond(stream_id, 200, "text/plain", Body(chunks_of(text.encode())))

    def handle(self, event):
        if isinstance(event, h2.events.RequestReceived):
            self.request(event.stream_id, event.headers, event.stream_ended is not None)
        elif isinstance(event, h2.events.DataReceived):
            body = self.bodies.get(event.stream_id)
            if isinstance(body, Echo):
                body.pending += event.data
                # Padding is credited at once, the data octets as they are echoed (send_bodies).
                padding = event.flow_controlled_length - len(event.data)
                if padding:
                    self.conn.acknowledge_received_data(padding, event.stream_id)
            else:
                self.conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
        elif isinstance(event, h2.events.StreamEnded):
            body = self.bodies.get(event.stream_id)
            if isinstance(body, Echo):
                body.source_ended = True
        elif isinstance(event, h2.events.StreamReset):
            emit(event="reset", stream=event.stream_id, path=self.paths.pop(event.stream_id, None),
                 code=int(event.error_code))
            self.bodies.pop(event.stream_id, None)

    def request(self, stream_id, headers, ended):
        method = next(value for name, value in headers if name == ":method")
        target = next(value for name, value in headers if name == ":path")
        self.paths[stream_id] = target
        emit(event="request", stream=stream_id, method=method, path=target)
        url = urlsplit(target)
        if method == "POST" and url.path == "/echo":
            self.respond(stream_id, 200, "application/octet-stream", Echo(ended))
        elif method == "GET" and url.path == "/trailers":
            # RFC 9113 §8.1: the body, then a HEADERS frame of trailer fields that ends the stream.
            self.respond(stream_id, 200, "text/plain", Body(chunks_of(b"trailers follow\n"),
                                                            trailers=[("x-interop-trailer", "ok")]))
        elif method == "GET" and url.path == "/headers":
            count = sum(1 for name, _ in headers if name.startswith("x-h-"))
            # RFC 9113 §8.2.3: the crumbs of a split cookie are joined with "; " before use.
            cookie = "; ".join(value for name, value in headers if name == "cookie")
            report = "x-h=%d cookie=%d" % (count, len(cookie))
            self.respond(stream_id, 200, "text/plain", Body(chunks_of(report.encode())))
        elif method == "GET" and url.path == "/drip":
            self.respond(stream_id, 200, "application/octet-stream", Body(drip_chunks()))
        elif method == "GET" and url.path == "/delay":
            query = parse_qs(url.query)
            due = time.monotonic() + int(query.get("ms", ["0"])[0]) / 1000
            heapq.heappush(self.timers, (due, stream_id, query.get("id", [""])[0]))
        elif method in ("GET", "HEAD"):
            self.static(stream_id, method, url.path)
        else:
            self.respond(stream_id, 405, "text/plain", Body(chunks_of(b"method not allowed\n")))

    def static(self, stream_id, method, path):
        file = os.path.realpath(os.path.join(self.root, unquote(path).lstrip("/")))
        if not file.startswith(self.root + os.sep) or not os.path.isfile(file):
            self.respond(stream_id, 404, "text/plain", Body(chunks_of(b"not found\n")))
            return
        kind = mimetypes.guess_type(file)[0] or "application/octet-stream"
        body = None if method == "HEAD" else Body(file_chunks(file))
        self.respond(stream_id, 200, kind, body, os.path.getsize(file))

    def respond(self, stream_id, status, kind, body, length=None):
        fields = [(":status", str(status)), ("content-type", kind)]
        if length is not None:
            fields.append(("content-length", str(length)))
        self.conn.send_headers(stream_id, fields, end_stream=body is None)
        if body is None:
            self.paths.pop(stream_id, None)
        else:
            self.bodies[stream_id] = body

    def send_bodies(self):
        """Sends what the flow-control windows allow, and ends the bodies whose source ended."""
        for stream_id, body in list(self.bodies.items()):
            while True:
                octets = body.next_octets()
                room = min(self.conn.local_flow_control_window(stream_id), self.conn.max_outbound_frame_size,
                           len(octets))
                if room <= 0:
                    break
                self.conn.send_data(stream_id, octets[:room])
                body.pending = octets[room:]
                if isinstance(body, Echo):
                    # The echoed octets leave: credit the client's window for them.
                    self.conn.acknowledge_received_data(room, stream_id)
                self.flush()
            if not body.next_octets() and body.source_ended:
                if body.trailers:
                    self.conn.send_headers(stream_id, body.trailers, end_stream=True)
                else:
                    self.conn.end_stream(stream_id)
                del self.bodies[stream_id]
                self.paths.pop(stream_id, None)
        self.flush()

    def flush(self):
        data = self.conn.data_to_send()
        if data:
            self.sock.settimeout(10)
            self.sock.sendall(data)


def main():
    args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
    root = os.path.realpath(args["--root"])
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", int(args.get("--port", "0"))))
    listener.listen(64)
    emit(event="listening", port=listener.getsockname()[1])
    while True:
        sock, _ = listener.accept()
        # Frames go out as they are made: without this, Nagle's algorithm holds a frame's tail until the
        # client's delayed ACK, 40 ms per window round trip.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=converse, args=(sock, root), daemon=True).start()


def converse(sock, root):
    try:
        Connection(sock, root).run()
    finally:
        sock.close()


if __name__ == "__main__":
    main()
