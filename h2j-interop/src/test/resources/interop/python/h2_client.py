"""One interop scenario run by python-hyper's h2 (Debian's python3-h2) as the client, on a plain socket,
against a server that keeps the h2j-interop endpoint contract (InteropServer).

    /usr/bin/python3 h2_client.py SCENARIO http://127.0.0.1:PORT

Cleartext HTTP/2 with prior knowledge (RFC 9113 §3.3), everything on one connection. Standard output is
one JSON object per line, the events h2-client.js prints (PythonH2ClientTest asserts on them):
  {"event":"sent","tag":T,"bytes":N,"sha256":H}
  {"event":"response","tag":T,"path":P,"stream":S,"status":C,"bytes":N,"sha256":H,"text":B,"trailers":{..}}
  {"event":"reset","tag":T,"path":P,"stream":S,"bytes":N}
  {"event":"failed","tag":T,"path":P,"stream":S,"code":E,"message":M}
  {"event":"goaway","errorCode":C,"lastStreamId":L}
  {"event":"done","maxOpen":N}
"""
import hashlib
import json
import os
import socket
import sys
import time
from urllib.parse import urlsplit

import h2.config
import h2.connection
import h2.errors
import h2.events
import h2.settings

TEXT_LIMIT = 4096
CONNECTION_WINDOW = 32 * 1024 * 1024
STREAM_WINDOW = 4 * 1024 * 1024
SCRIPT_SECONDS = 60


def emit(**event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


class Exchange:
    """One request and what came back for it."""

    def __init__(self, tag, path, stream_id, body, cancel_after):
        self.tag = tag
        self.path = path
        self.stream_id = stream_id
        self.body = memoryview(body) if body is not None else None
        self.cancel_after = cancel_after
        self.status = None
        self.trailers = None
        self.sha256 = hashlib.sha256()
        self.length = 0
        self.kept = bytearray()
        self.outcome = None

    def settle(self, **event):
        """Records and prints how the exchange ended; the first ending counts."""
        if self.outcome is None:
            self.outcome = dict(event, tag=self.tag, path=self.path, stream=self.stream_id)
            emit(**self.outcome)


class Client:
    """An h2 connection on one socket, pumped until the exchanges waited for have ended."""

    def __init__(self, origin):
        url = urlsplit(origin)
        if url.scheme != "http":
            raise SystemExit("h2_client.py speaks h2c with prior knowledge: give an http:// origin")
        self.authority = url.netloc
        self.sock = socket.create_connection((url.hostname, url.port), timeout=10)
        # Frames go out as they are made, not held by Nagle's algorithm until the server's delayed ACK.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.conn = h2.connection.H2Connection(
            h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
        self.exchanges = {}
        self.open = 0
        self.max_open = 0
        self.deadline = time.monotonic() + SCRIPT_SECONDS
        self.conn.initiate_connection()
        # Large windows, so a 16 MiB body is not paced by WINDOW_UPDATE round trips.
        self.conn.update_settings({h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: STREAM_WINDOW})
        self.conn.increment_flow_control_window(CONNECTION_WINDOW - 65535)
        self.flush()

    def request(self, tag, method, path, fields=(), body=None, cancel_after=None):
        stream_id = self.conn.get_next_available_stream_id()
        headers = [(":method", method), (":scheme", "http"), (":authority", self.authority), (":path", path)]
        self.conn.send_headers(stream_id, headers + list(fields), end_stream=body is None)
        exchange = Exchange(tag, path, stream_id, body, cancel_after)
        self.exchanges[stream_id] = exchange
        self.open += 1
        self.max_open = max(self.max_open, self.open)
        self.flush()
        return exchange

    def wait(self, exchanges):
        while any(e.outcome is None for e in exchanges):
            if time.monotonic() > self.deadline:
                emit(event="timeout", seconds=SCRIPT_SECONDS)
                raise SystemExit(1)
            self.send_bodies()
            self.flush()
            self.sock.settimeout(0.05)
            try:
                data = self.sock.recv(256 * 1024)
            except socket.timeout:
                continue
            if not data:
                self.fail_open("eof", "the server closed the connection")
                return
            for event in self.conn.receive_data(data):
                self.handle(event)
            self.flush()

    def send_bodies(self):
        """Sends request bodies as far as the flow-control windows and the frame size allow."""
        for exchange in self.exchanges.values():
            while exchange.body is not None and exchange.outcome is None:
                room = min(self.conn.local_flow_control_window(exchange.stream_id),
                           self.conn.max_outbound_frame_size, len(exchange.body))
                if room <= 0:
                    break
                chunk, exchange.body = exchange.body[:room], exchange.body[room:]
                last = len(exchange.body) == 0
                self.conn.send_data(exchange.stream_id, chunk.tobytes(), end_stream=last)
                if last:
                    exchange.body = None

    def handle(self, event):
        exchange = self.exchanges.get(getattr(event, "stream_id", None))
        if isinstance(event, h2.events.ResponseReceived):
            exchange.status = int(dict(event.headers)[":status"])
        elif isinstance(event, h2.events.DataReceived):
            self.conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            if exchange.outcome is None:
                self.received(exchange, event.data)
        elif isinstance(event, h2.events.TrailersReceived):
            exchange.trailers = dict(event.headers)
        elif isinstance(event, h2.events.StreamEnded) and exchange.outcome is None:
            self.open -= 1
            exchange.settle(event="response", status=exchange.status, bytes=exchange.length,
                            sha256=exchange.sha256.hexdigest(),
                            text=exchange.kept.decode("utf-8") if exchange.length <= TEXT_LIMIT else None,
                            trailers=exchange.trailers)
        elif isinstance(event, h2.events.StreamReset) and exchange.outcome is None:
            self.open -= 1
            exchange.settle(event="failed", code=str(event.error_code), message="RST_STREAM from the server")
        elif isinstance(event, h2.events.ConnectionTerminated):
            emit(event="goaway", errorCode=int(event.error_code), lastStreamId=event.last_stream_id)
            # h2 takes a GOAWAY as the end of the connection (python-hyper/h2#1181): nothing more comes.
            self.fail_open("goaway", "the connection ended with GOAWAY")

    def received(self, exchange, data):
        exchange.sha256.update(data)
        if exchange.length < TEXT_LIMIT:
            exchange.kept += data
        exchange.length += len(data)
        if exchange.cancel_after is not None and exchange.length >= exchange.cancel_after:
            # RFC 9113 §8.7: the client is no longer interested in the response.
            self.conn.reset_stream(exchange.stream_id, h2.errors.ErrorCodes.CANCEL)
            self.open -= 1
            exchange.settle(event="reset", bytes=exchange.length)

    def fail_open(self, code, message):
        for exchange in self.exchanges.values():
            if exchange.outcome is None:
                self.open -= 1
                exchange.settle(event="failed", code=code, message=message)

    def flush(self):
        data = self.conn.data_to_send()
        if data:
            self.sock.settimeout(10)
            self.sock.sendall(data)

    def close(self):
        self.conn.close_connection()
        self.flush()
        self.sock.close()


def small_get(client):
    client.wait([client.request("small", "GET", "/small.txt")])


def large_get(client):
    client.wait([client.request("big", "GET", "/big.bin")])


def post_echo(client):
    body = os.urandom(1024 * 1024)
    emit(event="sent", tag="echo", bytes=len(body), sha256=hashlib.sha256(body).hexdigest())
    client.wait([client.request("echo", "POST", "/echo", [("content-type", "application/octet-stream")],
                                body=body)])


def trailers(client):
    client.wait([client.request("trailers", "GET", "/trailers")])


def concurrent_streams(client):
    client.wait([client.request("n%d" % i, "GET", "/small.txt?n=%d" % i) for i in range(100)])


def reset_mid_body(client):
    client.wait([client.request("drip", "GET", "/drip", cancel_after=256 * 1024),
                 client.request("other1", "GET", "/small.txt?other=1"),
                 client.request("other2", "GET", "/big.bin?other=2"),
                 client.request("other3", "GET", "/trailers?other=3")])
    client.wait([client.request("after", "GET", "/small.txt?after=reset")])


def large_header(client):
    client.wait([client.request("cookie", "GET", "/headers", [("cookie", "big=" + "c" * (8192 - 4))])])


def many_headers(client):
    fields = [("x-h-%02d" % i, "value-%d" % i) for i in range(100)]
    client.wait([client.request("fields", "GET", "/headers", fields)])


SCENARIOS = {
    "SMALL_GET": small_get,
    "LARGE_GET": large_get,
    "POST_ECHO": post_echo,
    "TRAILERS": trailers,
    "CONCURRENT_STREAMS": concurrent_streams,
    "RESET_MID_BODY": reset_mid_body,
    "LARGE_HEADER": large_header,
    "MANY_HEADERS": many_headers,
}


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in SCENARIOS:
        emit(event="usage", message="h2_client.py SCENARIO http://127.0.0.1:PORT; SCENARIO one of "
             + ", ".join(SCENARIOS))
        return 2
    client = Client(sys.argv[2])
    SCENARIOS[sys.argv[1]](client)
    emit(event="done", maxOpen=client.max_open)
    client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
