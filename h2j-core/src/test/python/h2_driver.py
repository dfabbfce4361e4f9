"""Runs differential-test scripts on python-hyper h2 and prints one transcript per script.

Usage: /usr/bin/python3 h2_driver.py BATCH.json > TRANSCRIPTS.jsonl

BATCH.json is {"scripts": [...]}: compiled scripts, whose received frames are already hex (the Java side
compiles them, see dev.h2j.differential.ScriptCompiler). Each output line is one script's transcript,
{"name": ..., "steps": [...]}, with one entry per step:

    {"events": [...], "error": null | {"error": <h2 class name>, "code": <int or null>},
     "result": <value of a query step, or null>, "sent": <hex of data_to_send() after the step>,
     "state": <h2's state after the step: its connection machine's state, its streams' states, flags
               and windows, the connection's windows, the highest stream ids and its HPACK encoder's dynamic table (entries, size, limit, and
               whether a size update is pending)>}

Events are dictionaries in the canonical form the Java driver (dev.h2j.differential.JavaDriver) builds
from h2j's records; docs/DIFFERENTIAL.md describes the form. Header octets map to strings as ISO-8859-1.
"""

import json
import sys

import h2
import h2.config
import h2.connection
import h2.events
import h2.exceptions
import h2.settings

# h2's default local settings, with ENABLE_PUSH chosen by the script (h2j's clients refuse push
# unless asked; a script states which it wants, and both libraries get the same).
DEFAULT_MAX_CONCURRENT_STREAMS = 100
DEFAULT_MAX_HEADER_LIST_SIZE = 65536


def octets(text):
    return text.encode("iso-8859-1")


def string(data):
    if isinstance(data, str):
        return data
    return bytes(data).decode("iso-8859-1")


def header_list(headers):
    return [[string(name), string(value)] for name, value in headers]


def request_headers(pairs):
    return [(octets(name), octets(value)) for name, value in pairs]


def changed_settings(changed):
    out = {}
    for setting, change in changed.items():
        original = change.original_value
        out[str(int(setting))] = [None if original is None else int(original), int(change.new_value)]
    return dict(sorted(out.items(), key=lambda item: int(item[0])))


def priority(event):
    if event is None:
        return None
    return canonical(event)


def canonical(event):
    """The canonical dictionary of one h2 event."""
    name = type(event).__name__
    if isinstance(event, (h2.events.RequestReceived, h2.events.ResponseReceived, h2.events.TrailersReceived)):
        return {"event": name, "stream": event.stream_id, "headers": header_list(event.headers),
                "stream_ended": event.stream_ended is not None,
                "priority_updated": priority(event.priority_updated)}
    if isinstance(event, h2.events.InformationalResponseReceived):
        return {"event": name, "stream": event.stream_id, "headers": header_list(event.headers),
                "priority_updated": priority(event.priority_updated)}
    if isinstance(event, h2.events.DataReceived):
        return {"event": name, "stream": event.stream_id, "data": bytes(event.data).hex(),
                "flow_controlled_length": event.flow_controlled_length,
                "stream_ended": event.stream_ended is not None}
    if isinstance(event, h2.events.WindowUpdated):
        return {"event": name, "stream": event.stream_id, "delta": event.delta}
    if isinstance(event, (h2.events.RemoteSettingsChanged, h2.events.SettingsAcknowledged)):
        return {"event": name, "changed": changed_settings(event.changed_settings)}
    if isinstance(event, (h2.events.PingReceived, h2.events.PingAckReceived)):
        return {"event": name, "data": bytes(event.ping_data).hex()}
    if isinstance(event, h2.events.StreamEnded):
        return {"event": name, "stream": event.stream_id}
    if isinstance(event, h2.events.StreamReset):
        return {"event": name, "stream": event.stream_id, "error_code": int(event.error_code),
                "remote_reset": bool(event.remote_reset)}
    if isinstance(event, h2.events.PushedStreamReceived):
        return {"event": name, "stream": event.pushed_stream_id, "parent": event.parent_stream_id,
                "headers": header_list(event.headers)}
    if isinstance(event, h2.events.PriorityUpdated):
        return {"event": name, "stream": event.stream_id, "weight": event.weight,
                "depends_on": event.depends_on, "exclusive": bool(event.exclusive)}
    if isinstance(event, h2.events.ConnectionTerminated):
        return {"event": name, "error_code": int(event.error_code), "last_stream": event.last_stream_id,
                "additional_data": bytes(event.additional_data or b"").hex()}
    if isinstance(event, h2.events.AlternativeServiceAvailable):
        return {"event": name, "origin": string(event.origin or b""), "field_value": string(event.field_value)}
    if isinstance(event, h2.events.UnknownFrameReceived):
        frame = event.frame
        return {"event": name, "type": frame.type, "flags": frame.flag_byte, "stream": frame.stream_id,
                "payload": bytes(frame.body).hex()}
    raise AssertionError("no canonical form for h2 event %r" % (event,))


def new_connection(script):
    config = script.get("config", {})
    client = script["role"] == "client"
    h2_config = h2.config.H2Configuration(
        client_side=client,
        header_encoding=None,
        validate_outbound_headers=config.get("validate_outbound_headers", True),
        normalize_outbound_headers=config.get("normalize_outbound_headers", True),
        validate_inbound_headers=config.get("validate_inbound_headers", True),
        normalize_inbound_headers=config.get("normalize_inbound_headers", True),
    )
    conn = h2.connection.H2Connection(config=h2_config)
    conn.local_settings = h2.settings.Settings(client=client, initial_values={
        h2.settings.SettingCodes.ENABLE_PUSH: int(client and config.get("enable_push", False)),
        h2.settings.SettingCodes.MAX_CONCURRENT_STREAMS: DEFAULT_MAX_CONCURRENT_STREAMS,
        h2.settings.SettingCodes.MAX_HEADER_LIST_SIZE: DEFAULT_MAX_HEADER_LIST_SIZE,
    })
    return conn


def optional(step, key):
    return step[key] if key in step else None


def run_step(conn, step):
    """Performs one step; returns (events, query result)."""
    op = step["op"]
    if op == "initiate":
        conn.initiate_connection()
    elif op == "receive":
        return conn.receive_data(bytes.fromhex(step["hex"])), None
    elif op == "send_headers":
        weight = optional(step, "weight")
        depends_on = optional(step, "depends_on")
        exclusive = optional(step, "exclusive")
        conn.send_headers(step["stream"], request_headers(step["headers"]), step.get("end_stream", False),
                          priority_weight=weight, priority_depends_on=depends_on, priority_exclusive=exclusive)
    elif op == "send_data":
        conn.send_data(step["stream"], bytes.fromhex(step.get("data", "")), step.get("end_stream", False),
                       pad_length=optional(step, "pad_length"))
    elif op == "end_stream":
        conn.end_stream(step["stream"])
    elif op == "increment_flow_control_window":
        stream = step.get("stream", 0)
        conn.increment_flow_control_window(step["increment"], stream_id=stream if stream else None)
    elif op == "acknowledge_received_data":
        conn.acknowledge_received_data(step["size"], step["stream"])
    elif op == "push_stream":
        conn.push_stream(step["stream"], step["promised"], request_headers(step["headers"]))
    elif op == "ping":
        conn.ping(bytes.fromhex(step["data"]))
    elif op == "reset_stream":
        conn.reset_stream(step["stream"], step.get("error_code", 0))
    elif op == "close_connection":
        debug = optional(step, "additional_data")
        conn.close_connection(step.get("error_code", 0),
                              additional_data=None if debug is None else bytes.fromhex(debug),
                              last_stream_id=optional(step, "last_stream"))
    elif op == "update_settings":
        conn.update_settings({int(setting): value for setting, value in step["settings"]})
    elif op == "advertise_alternative_service":
        origin = optional(step, "origin")
        conn.advertise_alternative_service(octets(step["field_value"]),
                                           origin=None if origin is None else octets(origin),
                                           stream_id=optional(step, "stream"))
    elif op == "prioritize":
        conn.prioritize(step["stream"], weight=optional(step, "weight"), depends_on=optional(step, "depends_on"),
                        exclusive=optional(step, "exclusive"))
    elif op == "next_available_stream_id":
        return [], conn.get_next_available_stream_id()
    elif op == "local_flow_control_window":
        # h2j names the connection's window with stream 0; h2 keeps it in an attribute.
        if step["stream"] == 0:
            return [], conn.outbound_flow_control_window
        return [], conn.local_flow_control_window(step["stream"])
    elif op == "remote_flow_control_window":
        if step["stream"] == 0:
            return [], conn.inbound_flow_control_window
        return [], conn.remote_flow_control_window(step["stream"])
    elif op == "open_streams":
        return [], [conn.open_inbound_streams, conn.open_outbound_streams]
    else:
        raise SystemExit("h2_driver.py: unknown step %r" % op)
    return [], None


def stream_state(stream):
    machine = stream.state_machine
    # The flags h2 keeps beside each stream's state decide what it allows next, as much as the state does.
    flags = [machine.headers_sent, machine.trailers_sent, machine.headers_received, machine.trailers_received]
    return [machine.state.name, [bool(flag) for flag in flags], stream.outbound_flow_control_window,
            stream._inbound_window_manager.current_window_size]


def state_of(conn):
    """What h2 keeps between calls, in brief: the rules use it to tell when a refused call changed it."""
    table = conn.encoder.header_table
    return {"connection": conn.state_machine.state.name,
            "streams": {str(stream_id): stream_state(stream) for stream_id, stream in sorted(conn.streams.items())},
            "windows": [conn.outbound_flow_control_window, conn.inbound_flow_control_window],
            "highest_inbound": conn.highest_inbound_stream_id,
            "highest_outbound": conn.highest_outbound_stream_id,
            "encoder_table": [len(table.dynamic_entries), table._current_size, table._maxsize, table.resized]}


def error_of(exception):
    code = getattr(exception, "error_code", None)
    return {"error": type(exception).__name__, "code": None if code is None else int(code)}


def run_script(script):
    conn = new_connection(script)
    steps = []
    for step in script["steps"]:
        events, result, error = [], None, None
        try:
            events, result = run_step(conn, step)
        except SystemExit:
            raise
        except Exception as exception:  # every failure is part of the transcript, h2's bugs included
            error = error_of(exception)
        # h2's state is not compared (h2j exposes no such thing); the rules read it.
        steps.append({"events": [canonical(event) for event in events], "error": error, "result": result,
                      "sent": bytes(conn.data_to_send()).hex(), "state": state_of(conn)})
    return {"name": script["name"], "steps": steps}


def main(argv):
    if len(argv) != 2:
        raise SystemExit("usage: h2_driver.py BATCH.json")
    with open(argv[1], encoding="utf-8") as batch:
        scripts = json.load(batch)["scripts"]
    out = sys.stdout
    for script in scripts:
        out.write(json.dumps(run_script(script), sort_keys=True))
        out.write("\n")
    out.write(json.dumps({"done": len(scripts), "h2": h2.__version__}) + "\n")


if __name__ == "__main__":
    main(sys.argv)
