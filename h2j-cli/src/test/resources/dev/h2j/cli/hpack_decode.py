"""Decodes stories printed by `h2j hpack deflate` with python-hyper's hpack, an independent decoder.

Usage: python3 hpack_decode.py STORY.json...
Each story's cases share one decoder, in order; a case's header_table_size is applied as the
SETTINGS_HEADER_TABLE_SIZE acknowledged before it. Exits 1 and names the story and case on the
first mismatch or decoding error.
"""
import json
import sys

from hpack import Decoder


def check(path):
    with open(path, encoding="utf-8") as f:
        story = json.load(f)
    decoder = Decoder(max_header_list_size=1 << 24)
    for index, case in enumerate(story["cases"]):
        if "header_table_size" in case:
            decoder.max_allowed_table_size = case["header_table_size"]
        try:
            decoded = decoder.decode(bytes.fromhex(case["wire"]), raw=True)
        except Exception as e:  # report any decoder failure with its place
            return "%s case %d: hpack raised %s: %s" % (path, index, type(e).__name__, e)
        expected = [
            (name.encode("utf-8"), value.encode("utf-8"))
            for header in case["headers"]
            for name, value in header.items()
        ]
        actual = [(bytes(name), bytes(value)) for name, value in decoded]
        if actual != expected:
            return "%s case %d: decoded %r, expected %r" % (path, index, actual, expected)
    return None


def main(paths):
    for path in paths:
        problem = check(path)
        if problem:
            print(problem, file=sys.stderr)
            return 1
    print("decoded %d stories" % len(paths))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
