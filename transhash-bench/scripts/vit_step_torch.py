#!/usr/bin/env python3
"""PyTorch twin of VitStepBenchmark: the same dual-stream ViT (pre-norm blocks with separate q, k,
v; LayerNorm eps 1e-6; exact GELU; global block and one local block shared by K = 2 groups with
the class token prepended; hash layers 16 + 8 + 8 bits), the same objective (sum over heads of
mean((h - 0.5)^2)) and plain SGD (lr 1e-3), in eager mode with 2 intra-op threads.

  /usr/bin/python3 vit_step_torch.py step small-32 64 20
  /usr/bin/python3 vit_step_torch.py encode small-32 256 3
  /usr/bin/python3 vit_step_torch.py step small-28-residual:2 64 20   # 2 encoder blocks (--depth 2)

Debian's python3-torch does its matrix products through the system's libblas.so.3. With only
the reference BLAS installed (package libblas3) its step runs about ten times slower than with
OpenBLAS, so install that first (apt-get install libopenblas0-pthread); the script warns when
the reference BLAS is the one in use.
"""
import glob
import json
import os
import sys
import time

import torch
from torch import nn

PRESETS = {  # image, patch, channels, dim, depth, heads
    "small-32": (32, 4, 3, 192, 6, 3), "small-28": (28, 4, 1, 192, 6, 3),
    "small-28-conv": (28, 4, 1, 192, 6, 3), "small-32-conv": (32, 4, 3, 192, 6, 3),
    "small-28-residual": (28, 4, 1, 192, 6, 3), "small-32-residual": (32, 4, 3, 192, 6, 3),
    "small-28-residual-d2": (28, 4, 1, 192, 2, 3), "small-32-residual-d2": (32, 4, 3, 192, 2, 3),
    "small-28-residual-narrow": (28, 4, 1, 192, 6, 3), "small-32-residual-narrow": (32, 4, 3, 192, 6, 3),
    "small-28-residual-narrow-d2": (28, 4, 1, 192, 2, 3), "small-32-residual-narrow-d2": (32, 4, 3, 192, 2, 3),
    "vit-ti16": (224, 16, 3, 192, 12, 3), "vit-s16": (224, 16, 3, 384, 12, 6),
    "vit-b32": (224, 32, 3, 768, 12, 12), "vit-b16": (224, 16, 3, 768, 12, 12),
    "vit-l32": (224, 32, 3, 1024, 24, 16),
}


class Block(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.h = h
        self.norm1, self.norm2 = nn.LayerNorm(d, eps=1e-6), nn.LayerNorm(d, eps=1e-6)
        self.q, self.k, self.v, self.proj = (nn.Linear(d, d) for _ in range(4))
        self.fc1, self.fc2 = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)

    def forward(self, z):
        b, t, d = z.shape
        y = self.norm1(z)
        q, k, v = (f(y).reshape(b, t, self.h, d // self.h).transpose(1, 2) for f in (self.q, self.k, self.v))
        a = (q @ k.transpose(-2, -1) * (d // self.h) ** -0.5).softmax(-1)
        z = z + self.proj((a @ v).transpose(1, 2).reshape(b, t, d))
        return z + self.fc2(nn.functional.gelu(self.fc1(self.norm2(z))))


def conv_stem(channels, d, patch):
    """VitConfig.Stem.CONV: 3x3 to d/patch, then stride-2 3x3s doubling up to d (a stride-1 3x3
    after each but the last), batch norm + ReLU after each, then a 1x1 to d."""
    halvings = patch.bit_length() - 1
    layers, c = [], channels

    def add(out, stride):
        nonlocal c
        layers.extend([nn.Conv2d(c, out, 3, stride, 1, bias=False), nn.BatchNorm2d(out), nn.ReLU()])
        c = out
    add(max(8, d >> halvings), 1)
    for i in range(halvings):
        width = max(8, d >> (halvings - 1 - i))
        add(width, 2)
        if i < halvings - 1:
            add(width, 1)
    layers.append(nn.Conv2d(c, d, 1))
    return nn.Sequential(*layers)


class BasicBlock(nn.Module):
    """ResNet's basic block (Cnns.basicBlock): two 3x3 convolutions, projected shortcut if asked."""

    def __init__(self, c, out, stride, project):
        super().__init__()
        self.main = nn.Sequential(nn.Conv2d(c, out, 3, stride, 1, bias=False), nn.BatchNorm2d(out), nn.ReLU(),
                                  nn.Conv2d(out, out, 3, 1, 1, bias=False), nn.BatchNorm2d(out))
        self.short = nn.Sequential(nn.Conv2d(c, out, 1, stride, bias=False), nn.BatchNorm2d(out)) \
            if project else nn.Identity()

    def forward(self, x):
        return torch.relu(self.main(x) + self.short(x))


def residual_stem(channels, d, patch, narrowing=0):
    """VitConfig.Stem.RESIDUAL: 3x3 to d/patch + BN + ReLU, a basic block, then per halving a
    stride-2 basic block doubling the channels and a stride-1 one, then a 1x1 to d.
    RESIDUAL_NARROW (narrowing 1): every width halved."""
    halvings = patch.bit_length() - 1
    c = max(8, d >> (halvings + narrowing))
    layers = [nn.Conv2d(channels, c, 3, 1, 1, bias=False), nn.BatchNorm2d(c), nn.ReLU(), BasicBlock(c, c, 1, False)]
    for i in range(halvings):
        width = max(8, d >> (halvings - 1 - i + narrowing))
        layers += [BasicBlock(c, width, 2, True), BasicBlock(width, width, 1, False)]
        c = width
    layers.append(nn.Conv2d(c, d, 1))
    return nn.Sequential(*layers)


class Net(nn.Module):
    def __init__(self, image, patch, channels, d, depth, heads, bits=32, k=2, stem="patch"):
        super().__init__()
        n = (image // patch) ** 2
        self.embed = {"conv": conv_stem, "residual": residual_stem,
                      "residual-narrow": lambda c, d, p: residual_stem(c, d, p, 1)}[stem](channels, d, patch) \
            if stem != "patch" else nn.Conv2d(channels, d, patch, patch)
        self.cls = nn.Parameter(torch.randn(1, 1, d) * 0.02)
        self.pos = nn.Parameter(torch.randn(1, n + 1, d) * 0.02)
        self.shared = nn.ModuleList(Block(d, heads) for _ in range(depth - 1))
        self.glob, self.local = Block(d, heads), Block(d, heads)
        self.norm = nn.LayerNorm(d, eps=1e-6)
        self.hash_g = nn.Linear(d, bits // 2)
        self.hash_l = nn.ModuleList(nn.Linear(d, bits // (2 * k)) for _ in range(k))
        sizes = [n // k + (1 if i < n % k else 0) for i in range(k)]
        self.ranges = [(1 + sum(sizes[:i]), 1 + sum(sizes[:i + 1])) for i in range(k)]

    def forward(self, x):
        p = self.embed(x).flatten(2).transpose(1, 2)
        z = torch.cat([self.cls.expand(x.shape[0], -1, -1), p], 1) + self.pos
        for blk in self.shared:
            z = blk(z)
        out = [self.hash_g(self.norm(self.glob(z)[:, 0]))]
        for (a, b), head in zip(self.ranges, self.hash_l):
            out.append(head(self.local(torch.cat([z[:, :1], z[:, a:b]], 1))[:, 0]))
        return out


def reference_blas():
    """Whether Debian's libblas.so.3 resolves to the reference implementation (libblas3)."""
    return any("/blas/" in os.path.realpath(p) for p in glob.glob("/usr/lib/*/libblas.so.3"))


def main():
    if reference_blas():
        print("vit_step_torch.py: libblas.so.3 is the reference BLAS, about ten times slower than "
              "OpenBLAS; for a fair figure: apt-get install libopenblas0-pthread", file=sys.stderr)
    mode, preset, batch, reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(2)
    name, _, blocks = preset.partition(":")  # PRESET:DEPTH, as vit_step.sh takes it
    image, patch, channels, d, depth, heads = PRESETS[name]
    depth = int(blocks) if blocks else depth
    stem = next((s for s in ("conv", "residual-narrow", "residual") if "-" + s in name), "patch")
    net = Net(image, patch, channels, d, depth, heads, stem=stem)
    opt = torch.optim.SGD(net.parameters(), lr=1e-3)
    warmup, total = (3 if mode == "step" else 1), 0.0
    for i in range(warmup + reps):
        x = torch.rand(batch, channels, image, image)
        t = time.perf_counter()
        if mode == "step":
            loss = sum(((h - 0.5) ** 2).mean() for h in net(x))
            opt.zero_grad()
            loss.backward()
            opt.step()
        else:
            with torch.no_grad():
                net.eval()
                net(x)[0].numpy()
        if i >= warmup:
            total += time.perf_counter() - t
    mean = total / reps
    print(json.dumps({"impl": "pytorch-eager", "torch": torch.__version__, "mode": mode, "preset": name,
                      "depth": depth,
                      "batch": batch, "reps": reps, "seconds_per_batch": round(mean, 4),
                      "images_per_s": round(batch / mean, 1)}))


if __name__ == "__main__":
    main()
