package org.transhash.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.transhash.api.BinaryCodes;
import org.transhash.api.HammingIndex;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Neighbours;
import org.transhash.api.testing.TestData;

/**
 * The suite every {@link HammingIndex} passes: exact agreement with a naive reference that sorts
 * every distance, on random and clustered codes, with ties, k larger than n, an empty index, radius
 * 0 and radius = bits, deletes, concurrent writers and a reload from file. An implementation's test
 * extends this class and says how to make an empty index.
 */
public abstract class HammingIndexConformanceTest {

  /**
   * @param bits bits per code
   * @param threads search threads
   * @return a new, empty index
   */
  protected abstract HammingIndex newIndex(int bits, int threads);

  /** The naive reference: every live code, stable-sorted by distance (ties by insertion). */
  static final class Reference {
    final Map<Long, BinaryCodes> codes = new LinkedHashMap<>();

    void add(BinaryCodes batch, long[] ids) {
      for (int i = 0; i < ids.length; i++) {
        codes.put(ids[i], batch.select(new int[] {i}));
      }
    }

    List<long[]> rank(BinaryCodes queries, int q) {
      List<long[]> all = new ArrayList<>();
      for (Map.Entry<Long, BinaryCodes> e : codes.entrySet()) {
        all.add(new long[] {e.getKey(), TestData.naiveHamming(queries, q, e.getValue(), 0)});
      }
      all.sort(Comparator.comparingLong(a -> a[1]));
      return all;
    }

    void check(HammingIndex index, BinaryCodes queries, int k) {
      Neighbours got = index.search(queries, k);
      assertEquals(queries.count(), got.queryCount());
      for (int q = 0; q < queries.count(); q++) {
        List<long[]> want = rank(queries, q);
        int n = Math.min(k, want.size());
        assertEquals(n, got.count(q), "result count of query " + q);
        for (int r = 0; r < n; r++) {
          assertEquals(want.get(r)[1], got.distance(q, r), "distance of query " + q + " rank " + r);
          assertEquals(want.get(r)[0], got.id(q, r), "id of query " + q + " rank " + r);
        }
      }
    }

    void checkRadius(HammingIndex index, BinaryCodes queries, int radius) {
      Neighbours got = index.searchRadius(queries, radius);
      for (int q = 0; q < queries.count(); q++) {
        List<long[]> want = rank(queries, q).stream().filter(a -> a[1] <= radius).toList();
        assertEquals(want.size(), got.count(q), "radius count of query " + q);
        for (int r = 0; r < want.size(); r++) {
          assertEquals(want.get(r)[0], got.id(q, r));
          assertEquals(want.get(r)[1], got.distance(q, r));
        }
      }
    }
  }

  private static long[] ids(int n, long first, long step) {
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = first + step * i;
    }
    return ids;
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 16, 32, 64, 100, 128, 256, 512})
  void exactOnRandomCodes(int bits) {
    HammingIndex index = newIndex(bits, 1);
    Reference ref = new Reference();
    BinaryCodes db = TestData.randomCodes(700, bits, bits);
    long[] ids = ids(700, 1000, 7);
    index.add(db, ids);
    ref.add(db, ids);
    BinaryCodes queries = TestData.randomCodes(12, bits, bits + 1);
    for (int k : new int[] {1, 5, 100, 700}) {
      ref.check(index, queries, k);
    }
    ref.checkRadius(index, queries, bits / 3);
  }

  @ParameterizedTest
  @ValueSource(ints = {32, 64, 128})
  void exactOnClusteredCodesWithTwoThreads(int bits) {
    HammingIndex index = newIndex(bits, 2);
    Reference ref = new Reference();
    BinaryCodes db = TestData.clusteredCodes(3000, bits, 20, 0.05, 11);
    long[] ids = ids(3000, 0, 1);
    index.add(db, ids);
    ref.add(db, ids);
    BinaryCodes queries = TestData.clusteredCodes(20, bits, 20, 0.05, 11);
    for (int k : new int[] {1, 10, 100}) {
      ref.check(index, queries, k);
    }
    ref.checkRadius(index, queries, 3);
    ref.checkRadius(index, queries, 0);
  }

  @Test
  void tiesAreBrokenByInsertionOrder() {
    // 300 codes drawn from only 4 distinct values: every distance has many ties
    BinaryCodes distinct = TestData.randomCodes(4, 64, 5);
    int[] pick = new int[300];
    Random random = new Random(1);
    for (int i = 0; i < pick.length; i++) {
      pick[i] = random.nextInt(4);
    }
    BinaryCodes db = distinct.select(pick);
    long[] ids = ids(300, 5000, -3); // descending ids: insertion order is not id order
    HammingIndex index = newIndex(64, 1);
    index.add(db, ids);
    Reference ref = new Reference();
    ref.add(db, ids);
    ref.check(index, distinct, 1);
    ref.check(index, distinct, 77);
    ref.check(index, distinct, 300);
    ref.checkRadius(index, distinct, 0);
  }

  @Test
  void kLargerThanNAndEmptyIndex() {
    HammingIndex index = newIndex(64, 1);
    BinaryCodes queries = TestData.randomCodes(3, 64, 2);
    Neighbours none = index.search(queries, 10);
    assertEquals(3, none.queryCount());
    assertEquals(0, none.count(0));
    assertEquals(0, index.searchRadius(queries, 64).count(2));
    BinaryCodes db = TestData.randomCodes(5, 64, 3);
    index.add(db, ids(5, 0, 1));
    assertEquals(5, index.search(queries, 1000).count(1));
    assertEquals(0, index.search(TestData.randomCodes(0, 64, 1), 3).queryCount());
  }

  @Test
  void radiusZeroAndRadiusBits() {
    HammingIndex index = newIndex(48, 1);
    Reference ref = new Reference();
    BinaryCodes db = TestData.clusteredCodes(400, 48, 5, 0.02, 4);
    index.add(db, ids(400, 0, 1));
    ref.add(db, ids(400, 0, 1));
    BinaryCodes queries = db.select(new int[] {0, 17, 399});
    ref.checkRadius(index, queries, 0);
    ref.checkRadius(index, queries, 48);
    assertEquals(400, index.searchRadius(queries, 48).count(0));
    assertThrows(InvalidInputException.class, () -> index.searchRadius(queries, 49));
    assertThrows(InvalidInputException.class, () -> index.searchRadius(queries, -1));
    assertThrows(InvalidInputException.class, () -> index.search(queries, 0));
  }

  @Test
  void addAfterBuildAndDeletes() {
    HammingIndex index = newIndex(64, 1);
    Reference ref = new Reference();
    BinaryCodes first = TestData.clusteredCodes(2000, 64, 30, 0.1, 8);
    BinaryCodes second = TestData.clusteredCodes(2000, 64, 30, 0.1, 9);
    index.add(first, ids(2000, 0, 1));
    ref.add(first, ids(2000, 0, 1));
    index.add(second, ids(2000, 10_000, 1));
    ref.add(second, ids(2000, 10_000, 1));
    assertEquals(4000, index.size());
    BinaryCodes queries = TestData.clusteredCodes(15, 64, 30, 0.1, 8);
    ref.check(index, queries, 25);
    // delete enough to trigger compaction (more than 1,024 and a quarter of the codes)
    for (long id = 0; id < 1500; id++) {
      assertTrue(index.delete(id * 2 % 2000 + (id >= 1000 ? 10_000 : 0)));
    }
    for (long id = 0; id < 1500; id++) {
      ref.codes.remove(id * 2 % 2000 + (id >= 1000 ? 10_000 : 0));
    }
    assertFalse(index.delete(0), "already deleted");
    assertFalse(index.delete(123_456), "never present");
    assertEquals(2500, index.size());
    ref.check(index, queries, 25);
    ref.checkRadius(index, queries, 12);
    // a few deletes below the compaction threshold are filtered at search time
    for (long id = 10_001; id < 10_040; id += 2) {
      index.delete(id);
      ref.codes.remove(id);
    }
    ref.check(index, queries, 40);
    // a deleted id may be added again
    index.add(first.select(new int[] {0}), new long[] {0});
    ref.add(first.select(new int[] {0}), new long[] {0});
    ref.check(index, queries, 40);
  }

  @Test
  void badAddsChangeNothing() {
    HammingIndex index = newIndex(64, 1);
    index.add(TestData.randomCodes(3, 64, 1), new long[] {1, 2, 3});
    assertThrows(
        InvalidInputException.class,
        () -> index.add(TestData.randomCodes(2, 64, 2), new long[] {4, 2}));
    assertThrows(
        InvalidInputException.class,
        () -> index.add(TestData.randomCodes(2, 64, 2), new long[] {5, 5}));
    assertThrows(
        InvalidInputException.class,
        () -> index.add(TestData.randomCodes(2, 32, 2), new long[] {6, 7}));
    assertThrows(
        InvalidInputException.class, () -> index.search(TestData.randomCodes(2, 32, 2), 1));
    assertEquals(3, index.size());
  }

  @Test
  void reloadFromFileGivesTheSameResults(@TempDir Path dir) throws Exception {
    HammingIndex index = newIndex(96, 1);
    BinaryCodes db = TestData.clusteredCodes(1500, 96, 10, 0.08, 3);
    index.add(db, ids(1500, 7, 3));
    index.delete(7);
    Path file = dir.resolve("index.thi");
    Provenance provenance = new Provenance("vit-dual", "transhash", "fashion-mnist", 42, "test");
    IndexFiles.save(index, provenance, file);
    IndexFiles.Loaded loaded = IndexFiles.load(file, 1);
    assertEquals(index.name(), loaded.index().name());
    assertEquals(provenance, loaded.provenance());
    assertEquals(1499, loaded.index().size());
    BinaryCodes queries = TestData.clusteredCodes(10, 96, 10, 0.08, 3);
    assertEquals(index.search(queries, 20), loaded.index().search(queries, 20));
    assertEquals(index.searchRadius(queries, 5), loaded.index().searchRadius(queries, 5));
  }

  @Test
  void concurrentSearchesWhileOneWriterAdds() throws Exception {
    int bits = 64;
    HammingIndex index = newIndex(bits, 1);
    int batches = 40;
    int batchSize = 250;
    BinaryCodes all = TestData.clusteredCodes(batches * batchSize, bits, 50, 0.1, 21);
    BinaryCodes queries = TestData.clusteredCodes(8, bits, 50, 0.1, 21);
    index.add(all.select(range(0, batchSize)), ids(batchSize, 0, 1));
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService readers = Executors.newFixedThreadPool(3);
    CountDownLatch started = new CountDownLatch(3);
    List<Future<Integer>> checks = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      checks.add(
          readers.submit(
              () -> {
                started.countDown();
                int searches = 0;
                while (!done.get() || searches == 0) {
                  Neighbours got = index.search(queries, 30);
                  for (int q = 0; q < queries.count(); q++) {
                    for (int r = 0; r < got.count(q); r++) {
                      int id = (int) got.id(q, r);
                      // every returned code is whole: its distance is the true one
                      assertEquals(all.hamming(id, queries, q), got.distance(q, r));
                    }
                  }
                  searches++;
                }
                return searches;
              }));
    }
    started.await();
    for (int b = 1; b < batches; b++) {
      index.add(
          all.select(range(b * batchSize, (b + 1) * batchSize)), ids(batchSize, b * batchSize, 1));
    }
    done.set(true);
    for (Future<Integer> f : checks) {
      assertTrue(f.get(60, TimeUnit.SECONDS) > 0);
    }
    readers.shutdown();
    assertEquals(batches * batchSize, index.size());
    // nothing lost: every code finds itself at distance 0
    Neighbours self = index.searchRadius(all, 0);
    for (int i = 0; i < all.count(); i++) {
      boolean found = false;
      for (long id : self.ids(i)) {
        found |= id == i;
      }
      assertTrue(found, "code " + i + " was lost");
    }
  }

  static int[] range(int from, int to) {
    int[] r = new int[to - from];
    Arrays.setAll(r, i -> from + i);
    return r;
  }

  @Test
  void resultsAreSortedAndDistancesTrue() {
    HammingIndex index = newIndex(256, 2);
    BinaryCodes db = TestData.randomCodes(2000, 256, 77);
    index.add(db, ids(2000, 0, 1));
    BinaryCodes queries = TestData.randomCodes(9, 256, 78);
    Neighbours got = index.search(queries, 50);
    for (int q = 0; q < 9; q++) {
      int[] d = got.distances(q);
      int[] sorted = d.clone();
      Arrays.sort(sorted);
      assertArrayEquals(sorted, d);
      for (int r = 0; r < got.count(q); r++) {
        assertEquals(db.hamming((int) got.id(q, r), queries, q), got.distance(q, r));
      }
    }
  }
}
