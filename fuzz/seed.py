#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target>/ from the inputs of the repository's tests.

String literals of the test sources (shell commands, tool outputs, TOML texts, JSON-RPC lines)
and the hook fixtures are copied as data files; nothing is executed. Run from anywhere:
`python3 fuzz/seed.py`; then `cargo fuzz run -s none TARGET` (from fuzz/) starts from them.
"""

import hashlib
import json
import pathlib
import re

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
CORPUS = FUZZ / "corpus"

# Agent order of `belay_agents::Agent::ALL` (the first byte of a hook_input case picks it).
AGENTS = ["claude-code", "codex", "gemini", "cursor", "copilot"]

STRING = re.compile(r'r(#+)"(.*?)"\1|"((?:[^"\\]|\\.)*)"', re.S)
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}


def unescape(body):
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        nxt = body[i + 1] if i + 1 < len(body) else ""
        if nxt == "\n":  # a line continuation: skip the newline and the next line's indent
            i += 2
            while i < len(body) and body[i] in " \t":
                i += 1
        elif nxt == "u" and body[i + 2 : i + 3] == "{":
            end = body.index("}", i)
            out.append(chr(int(body[i + 3 : end], 16)))
            i = end + 1
        elif nxt == "x":
            out.append(chr(int(body[i + 2 : i + 4], 16)))
            i += 4
        else:
            out.append(ESCAPES.get(nxt, nxt))
            i += 2
    return "".join(out)


def literals(paths):
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for m in STRING.finditer(text):
            try:
                yield m.group(2) if m.group(1) else unescape(m.group(3))
            except (ValueError, IndexError):
                continue


def write(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def rust_files(*globs):
    for g in globs:
        yield from sorted(ROOT.glob(g))


def main():
    commands = [
        s
        for s in literals(
            rust_files(
                "crates/belay-shell/tests/*.rs",
                "crates/belay-policy/tests/*.rs",
                "crates/belay-analysis/src/**/*.rs",
            )
        )
        if 2 <= len(s) <= 4000
    ]
    for c in commands:
        write("shell_parse", c)
        write("judge_command", "\n\n" + c)

    for s in literals(rust_files("crates/belay-inject/tests/*.rs", "crates/belay-inject/src/*.rs")):
        if len(s) >= 8:
            write("inject_screen", s)

    for path in sorted((ROOT / "crates/belay-agents/tests/fixtures/claude-code").iterdir()):
        write("hook_input", bytes([0]) + path.read_bytes())
    for path in sorted((ROOT / "crates/belay-agents/tests/fixtures/agents").glob("*.json")):
        pick = AGENTS.index(path.stem)
        for case in json.loads(path.read_text(encoding="utf-8")):
            raw = case.get("raw")
            body = raw if isinstance(raw, str) else json.dumps(case["payload"])
            write("hook_input", bytes([pick]) + body.encode("utf-8"))

    for path in sorted((ROOT / "crates/belay-config/tests/data").iterdir()):
        write("config_parse", path.read_bytes())
    for s in literals(rust_files("crates/belay-config/tests/*.rs", "crates/belay-config/src/*.rs")):
        if "=" in s or "[" in s:
            write("config_parse", s)

    lines = [
        s
        for s in literals(rust_files("crates/belay-mcp/src/*.rs", "crates/belay/tests/mcp_proxy.rs"))
        if "jsonrpc" in s
    ]
    for i, line in enumerate(lines):
        # Alone, and as a short exchange with the next line coming from the server (a leading
        # space sends a line to the server side in the mcp_message target).
        write("mcp_message", line + "\n")
        if i + 1 < len(lines):
            write("mcp_message", line + "\n " + lines[i + 1] + "\n")

    for target in sorted(p.name for p in CORPUS.iterdir()):
        print(target, len(list((CORPUS / target).iterdir())))


if __name__ == "__main__":
    main()
