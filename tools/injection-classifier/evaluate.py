"""Measure the MiniLM + jailguard classifier (minilm.py) on a labeled JSONL corpus (belay's shape:
`tool_output` and `expected`, or `text` and `label`): each text is scored as the maximum over
windows of 254 tokens (stride 128; the model reads at most 256), and as its first window alone.
Prints TPR and FPR at several thresholds; `--cases FILE` also writes every case's scores.

    python3 evaluate.py ../../../shared/corpus/injections.dev.jsonl
"""
import json
import sys
import time

import minilm

TOK = minilm.TOK
TOK.no_truncation()


def windows(text):
    enc = TOK.encode(text, add_special_tokens=False)
    offs = enc.offsets
    if not offs:
        return [text]
    out = []
    step, size = 128, 254
    for s in range(0, max(1, len(offs) - size + step), step):
        chunk = offs[s : s + size]
        out.append(text[chunk[0][0] : chunk[-1][1]])
        if s + size >= len(offs):
            break
    return out[:64]


path = sys.argv[1]
cases = open(sys.argv[sys.argv.index("--cases") + 1], "w") if "--cases" in sys.argv else None
t0 = time.time()
n = 0
rows = []
for i, line in enumerate(open(path)):
    d = json.loads(line)
    text = d.get("tool_output") or d.get("text") or ""
    label = d.get("expected") or d.get("label")
    minilm.TOK.enable_truncation(max_length=256)
    ws = windows(text)
    score = max(minilm.head(minilm.embed(w)) for w in ws)
    first = minilm.head(minilm.embed(text))
    row = {"i": i, "label": label, "score": score, "first": first, "windows": len(ws)}
    rows.append(row)
    if cases:
        cases.write(json.dumps(row) + "\n")
    n += len(ws)
pos = [r for r in rows if r["label"] == "injection"]
neg = [r for r in rows if r["label"] != "injection"]
for key, what in (("score", "max over windows"), ("first", "first window")):
    for th in (0.5, 0.8, 0.9, 0.99):
        tp = sum(r[key] >= th for r in pos)
        fp = sum(r[key] >= th for r in neg)
        print(
            f"{what:16} threshold {th:4}: TPR {tp / max(1, len(pos)):6.1%} ({tp}/{len(pos)})"
            f"  FPR {fp / max(1, len(neg)):6.1%} ({fp}/{len(neg)})"
        )
print(f"{n} windows in {time.time() - t0:.0f} s")
