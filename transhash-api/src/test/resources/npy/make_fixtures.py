#!/usr/bin/env python3
"""Writes the .npy fixtures that NpyTest reads: files made by numpy itself.

Run from this folder with Debian's numpy: /usr/bin/python3 make_fixtures.py
The values are small and fixed, so the test states them literally.
"""
import numpy as np
from numpy.lib import format as npformat

bits = np.array([[1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0],
                 [0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]], dtype=np.uint8)
np.save("codes_u1.npy", np.packbits(bits, axis=1))            # [[0xAD, 0xF0], [0x01, 0x80]]
np.save("labels_i8.npy", np.array([3, 1, 4, 1, 5], dtype=np.int64))
np.save("ints_i4.npy", np.arange(6, dtype=np.int32).reshape(2, 3))
np.save("floats_f4.npy", np.array([[0.5, -1.25, 3.0]], dtype=np.float32))
np.save("multihot_u1.npy", np.array([[1, 0, 1], [0, 1, 0]], dtype=np.uint8))
with open("floats_v2_f4.npy", "wb") as f:
    npformat.write_array(f, np.array([1.5, 2.5], dtype=np.float32), version=(2, 0))
np.save("fortran_f4.npy", np.asfortranarray(np.ones((2, 3), dtype=np.float32)))
np.save("bool_b1.npy", np.array([True, False]))
np.save("float64_f8.npy", np.array([1.0, 2.0]))
np.save("bigendian_i4.npy", np.array([1, 2], dtype=">i4"))
