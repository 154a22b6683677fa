package org.transhash.bench;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.transhash.api.BinaryCodes;
import org.transhash.api.HammingIndex;
import org.transhash.index.HammingIndexes;

/**
 * Queries per second of an index once the JIT is warm, for thread scaling: builds the index, then
 * repeats the whole batch of queries five times per thread count and prints each time.
 *
 * <pre>
 * transhash-bench/scripts/warm_search.sh DB.npy Q.npy mih 10
 * </pre>
 */
public final class WarmSearch {
  private WarmSearch() {}

  /**
   * @param args database .npy, queries .npy, index name, k
   * @throws Exception when a file cannot be read
   */
  public static void main(String[] args) throws Exception {
    BinaryCodes db = BinaryCodes.readNpy(Path.of(args[0]));
    BinaryCodes queries = BinaryCodes.readNpy(Path.of(args[1]));
    String name = args[2];
    int k = Integer.parseInt(args[3]);
    long[] ids = new long[db.count()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
    }
    for (int threads : new int[] {1, 2}) {
      HammingIndex index = HammingIndexes.create(name, db.bits(), threads, Map.of());
      index.add(db, ids);
      for (int rep = 0; rep < 5; rep++) {
        long start = System.nanoTime();
        index.search(queries, k);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "{\"index\":\"%s\",\"threads\":%d,\"rep\":%d,\"nq\":%d,\"k\":%d,\"search_s\":%.4f,\"qps\":%.0f}%n",
            name,
            threads,
            rep,
            queries.count(),
            k,
            seconds,
            queries.count() / seconds);
      }
    }
  }
}
