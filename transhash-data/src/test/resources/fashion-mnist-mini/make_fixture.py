#!/usr/bin/env python3
"""Makes the Fashion-MNIST fixture of the tests: a stratified subset in IDX format.

Source: Debian's package dataset-fashion-mnist (apt-get install dataset-fashion-mnist), which
installs the four IDX files under /usr/share/datasets/fashion-mnist. From the training files it
keeps the first 150 images of each class, from the test files the first 50 of each class, in
their original order: 1,500 + 500 = 2,000 images, 200 per class. The gzip files are written with
mtime 0, so running the script again gives byte-identical files.

  python3 make_fixture.py [SOURCE_FOLDER]      # run from this folder; only the standard library
"""
import gzip
import struct
import sys

SOURCE = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
KEEP = {"train": 150, "t10k": 50}


def read(path):
    with gzip.open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(data)


for part, per_class in KEEP.items():
    images = read(f"{SOURCE}/{part}-images-idx3-ubyte.gz")
    labels = read(f"{SOURCE}/{part}-labels-idx1-ubyte.gz")
    _, n, rows, cols = struct.unpack(">IIII", images[:16])
    taken, counts = [], [0] * 10
    for i in range(n):
        label = labels[8 + i]
        if counts[label] < per_class:
            counts[label] += 1
            taken.append(i)
    size = rows * cols
    out_images = struct.pack(">IIII", 0x803, len(taken), rows, cols) + b"".join(
        images[16 + i * size:16 + (i + 1) * size] for i in taken)
    out_labels = struct.pack(">II", 0x801, len(taken)) + bytes(labels[8 + i] for i in taken)
    write(f"{part}-images-idx3-ubyte.gz", out_images)
    write(f"{part}-labels-idx1-ubyte.gz", out_labels)
    print(part, len(taken), "images", counts)
