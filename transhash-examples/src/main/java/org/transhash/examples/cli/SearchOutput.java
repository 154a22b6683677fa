package org.transhash.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.transhash.api.Neighbours;
import org.transhash.api.io.Npy;
import org.transhash.api.io.NpyArray;

/** Writes search results as FAISS does: int64 ids and int32 distances, nq x k, padded. */
final class SearchOutput {
  private SearchOutput() {}

  /** Padding id where fewer than k neighbours exist, as FAISS writes. */
  static final long MISSING_ID = -1;

  /** Padding distance where fewer than k neighbours exist, as FAISS writes. */
  static final int MISSING_DISTANCE = Integer.MAX_VALUE;

  static void write(Neighbours result, int k, Path ids, Path distances) throws IOException {
    int nq = result.queryCount();
    if (ids != null) {
      long[] flat = new long[Math.multiplyExact(nq, k)];
      Arrays.fill(flat, MISSING_ID);
      for (int q = 0; q < nq; q++) {
        for (int r = 0; r < Math.min(k, result.count(q)); r++) {
          flat[q * k + r] = result.id(q, r);
        }
      }
      Npy.write(ids, NpyArray.ofInt64(flat, nq, k));
    }
    if (distances != null) {
      int[] flat = new int[Math.multiplyExact(nq, k)];
      Arrays.fill(flat, MISSING_DISTANCE);
      for (int q = 0; q < nq; q++) {
        for (int r = 0; r < Math.min(k, result.count(q)); r++) {
          flat[q * k + r] = result.distance(q, r);
        }
      }
      Npy.write(distances, NpyArray.ofInt32(flat, nq, k));
    }
  }
}
