#!/usr/bin/env python3
"""Makes the checkpoint fixtures of CheckpointImporterTest, with expected outputs computed here,
independently of the Java code.

A tiny ViT (8 x 8 RGB images, patch 4 -> 4 patches, D 8, 2 heads, 2 blocks, MLP 16, 8 outputs)
with seeded random weights, saved in timm naming (tiny_timm.safetensors, qkv fused) and in the
original Google ViT naming (tiny_google.npz), plus input images and the logits of the timm
forward pass (pre-norm blocks, LayerNorm eps 1e-6, exact GELU, head on the normed class token)
written in plain numpy (tiny_expected.npz). pos_resize.npz holds a position-embedding grid
resized 2x2 -> 3x3 by torch.nn.functional.interpolate(mode="bicubic", align_corners=False), as
timm resizes them (needs Debian's python3-torch; skipped without it).

  /usr/bin/python3 make_fixtures.py
"""
import json
import math
import struct

import numpy as np

rng = np.random.default_rng(7)
C, IMG, P, D, H, L, HID, OUT = 3, 8, 4, 8, 2, 2, 16, 8
N = (IMG // P) ** 2


def r(*shape, s=0.3):
    return (rng.standard_normal(shape) * s).astype(np.float32)


w = {"patch_embed.proj.weight": r(D, C, P, P), "patch_embed.proj.bias": r(D),
     "cls_token": r(1, 1, D), "pos_embed": r(1, N + 1, D),
     "norm.weight": 1 + r(D, s=0.1), "norm.bias": r(D),
     "head.weight": r(OUT, D), "head.bias": r(OUT)}
for i in range(L):
    b = f"blocks.{i}."
    w.update({b + "norm1.weight": 1 + r(D, s=0.1), b + "norm1.bias": r(D),
              b + "attn.qkv.weight": r(3 * D, D), b + "attn.qkv.bias": r(3 * D),
              b + "attn.proj.weight": r(D, D), b + "attn.proj.bias": r(D),
              b + "norm2.weight": 1 + r(D, s=0.1), b + "norm2.bias": r(D),
              b + "mlp.fc1.weight": r(HID, D), b + "mlp.fc1.bias": r(HID),
              b + "mlp.fc2.weight": r(D, HID), b + "mlp.fc2.bias": r(D)})


def save_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = np.ascontiguousarray(t, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


save_safetensors("tiny_timm.safetensors", w)

g = {"embedding/kernel": w["patch_embed.proj.weight"].transpose(2, 3, 1, 0),
     "embedding/bias": w["patch_embed.proj.bias"], "cls": w["cls_token"],
     "Transformer/posembed_input/pos_embedding": w["pos_embed"],
     "Transformer/encoder_norm/scale": w["norm.weight"], "Transformer/encoder_norm/bias": w["norm.bias"],
     "head/kernel": w["head.weight"].T, "head/bias": w["head.bias"]}
for i in range(L):
    b, e = f"blocks.{i}.", f"Transformer/encoderblock_{i}/"
    g[e + "LayerNorm_0/scale"], g[e + "LayerNorm_0/bias"] = w[b + "norm1.weight"], w[b + "norm1.bias"]
    g[e + "LayerNorm_2/scale"], g[e + "LayerNorm_2/bias"] = w[b + "norm2.weight"], w[b + "norm2.bias"]
    qkv_w, qkv_b = w[b + "attn.qkv.weight"], w[b + "attn.qkv.bias"]
    for j, name in enumerate(["query", "key", "value"]):
        g[e + f"MultiHeadDotProductAttention_1/{name}/kernel"] = qkv_w[j * D:(j + 1) * D].T.reshape(D, H, D // H)
        g[e + f"MultiHeadDotProductAttention_1/{name}/bias"] = qkv_b[j * D:(j + 1) * D].reshape(H, D // H)
    g[e + "MultiHeadDotProductAttention_1/out/kernel"] = w[b + "attn.proj.weight"].T.reshape(H, D // H, D)
    g[e + "MultiHeadDotProductAttention_1/out/bias"] = w[b + "attn.proj.bias"]
    g[e + "MlpBlock_3/Dense_0/kernel"], g[e + "MlpBlock_3/Dense_0/bias"] = w[b + "mlp.fc1.weight"].T, w[b + "mlp.fc1.bias"]
    g[e + "MlpBlock_3/Dense_1/kernel"], g[e + "MlpBlock_3/Dense_1/bias"] = w[b + "mlp.fc2.weight"].T, w[b + "mlp.fc2.bias"]
np.savez("tiny_google.npz", **{k: np.ascontiguousarray(v) for k, v in g.items()})  # DJL reads C order only


def layer_norm(x, gamma, beta):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + 1e-6) * gamma + beta


erf = np.vectorize(math.erf)


def forward(images):
    x = images.astype(np.float64)
    B = x.shape[0]
    g_ = IMG // P
    patches = x.reshape(B, C, g_, P, g_, P).transpose(0, 2, 4, 1, 3, 5).reshape(B, N, C * P * P)
    z = patches @ w["patch_embed.proj.weight"].reshape(D, -1).T + w["patch_embed.proj.bias"]
    z = np.concatenate([np.broadcast_to(w["cls_token"], (B, 1, D)), z], axis=1) + w["pos_embed"]
    for i in range(L):
        b = f"blocks.{i}."
        y = layer_norm(z, w[b + "norm1.weight"], w[b + "norm1.bias"])
        qkv = (y @ w[b + "attn.qkv.weight"].T + w[b + "attn.qkv.bias"]).reshape(B, N + 1, 3, H, D // H)
        q, k, v = qkv.transpose(2, 0, 3, 1, 4)
        a = q @ k.transpose(0, 1, 3, 2) / math.sqrt(D // H)
        a = np.exp(a - a.max(-1, keepdims=True))
        a /= a.sum(-1, keepdims=True)
        o = (a @ v).transpose(0, 2, 1, 3).reshape(B, N + 1, D)
        z = z + o @ w[b + "attn.proj.weight"].T + w[b + "attn.proj.bias"]
        y = layer_norm(z, w[b + "norm2.weight"], w[b + "norm2.bias"])
        h = y @ w[b + "mlp.fc1.weight"].T + w[b + "mlp.fc1.bias"]
        h = 0.5 * h * (1 + erf(h / math.sqrt(2)))
        z = z + h @ w[b + "mlp.fc2.weight"].T + w[b + "mlp.fc2.bias"]
    cls = layer_norm(z, w["norm.weight"], w["norm.bias"])[:, 0]
    return cls @ w["head.weight"].T + w["head.bias"]


images = rng.random((3, C, IMG, IMG)).astype(np.float32)
np.savez("tiny_expected.npz", images=images, logits=forward(images).astype(np.float32))

try:
    import torch
    grid = r(1, 5, D)
    t = torch.from_numpy(grid[:, 1:].reshape(1, 2, 2, D).transpose(0, 3, 1, 2).copy())
    resized = torch.nn.functional.interpolate(t, size=(3, 3), mode="bicubic", align_corners=False)
    out = np.concatenate([grid[:, :1], resized.numpy().transpose(0, 2, 3, 1).reshape(1, 9, D)], axis=1)
    np.savez("pos_resize.npz", source=grid, resized=np.ascontiguousarray(out, dtype=np.float32))
except ImportError:
    print("python3-torch missing: pos_resize.npz not written")
