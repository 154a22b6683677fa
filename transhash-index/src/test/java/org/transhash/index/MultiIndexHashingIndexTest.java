package org.transhash.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.transhash.api.BinaryCodes;
import org.transhash.api.HammingIndex;
import org.transhash.api.InvalidInputException;
import org.transhash.api.testing.TestData;

class MultiIndexHashingIndexTest extends HammingIndexConformanceTest {
  @Override
  protected HammingIndex newIndex(int bits, int threads) {
    return MultiIndexHashingIndex.builder(bits).optThreads(threads).build();
  }

  @Test
  void everySubstringCountGivesExactResults() {
    // one draw, so that queries come from the same clusters as the database
    BinaryCodes both = TestData.clusteredCodes(2010, 64, 15, 0.07, 2);
    BinaryCodes db = both.select(HammingIndexConformanceTest.range(0, 2000));
    BinaryCodes queries = both.select(HammingIndexConformanceTest.range(2000, 2010));
    Reference ref = new Reference();
    ref.add(db, idRange(0, 2000));
    for (int m : new int[] {2, 3, 4, 5, 7, 8, 16, 64}) {
      MultiIndexHashingIndex index =
          MultiIndexHashingIndex.builder(64)
              .optSubstrings(m)
              .optFallbackBudget(Double.POSITIVE_INFINITY)
              .build();
      index.add(db, idRange(0, 2000));
      assertEquals(m, index.substrings());
      ref.check(index, queries, 10);
      ref.checkRadius(index, queries, 6);
      assertEquals(0, index.scannedQueries(), "answered from the tables, not by the fallback");
    }
  }

  private static long[] idRange(int from, int to) {
    long[] r = new long[to - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }

  @Test
  void uniformRandomCodesFallBackToTheScanAndClusteredOnesDoNot() {
    MultiIndexHashingIndex random = MultiIndexHashingIndex.builder(64).build();
    random.add(TestData.randomCodes(20_000, 64, 1), idRange(0, 20_000));
    random.search(TestData.randomCodes(100, 64, 2), 10);
    assertEquals(100, random.scannedQueries());
    MultiIndexHashingIndex clustered = MultiIndexHashingIndex.builder(64).build();
    clustered.add(TestData.clusteredCodes(20_000, 64, 100, 0.03, 1), idRange(0, 20_000));
    clustered.search(TestData.clusteredCodes(100, 64, 100, 0.03, 1), 10);
    assertTrue(clustered.scannedQueries() < 10, "scanned " + clustered.scannedQueries());
  }

  @Test
  void defaultSubstringsFollowBitsOverLog2N() {
    assertEquals(4, MultiIndexHashingIndex.defaultSubstrings(64, 1_000_000));
    assertEquals(16, MultiIndexHashingIndex.defaultSubstrings(256, 1_000_000));
    assertEquals(5, MultiIndexHashingIndex.defaultSubstrings(64, 64_000));
    assertEquals(12, MultiIndexHashingIndex.defaultSubstrings(100, 2));
    assertEquals(1, MultiIndexHashingIndex.defaultSubstrings(8, 1_000_000));
    assertThrows(
        InvalidInputException.class,
        () -> MultiIndexHashingIndex.builder(128).optSubstrings(2).build());
  }

  @Test
  void substringExtractionReadsAcrossWords() {
    long[] words = {0x0123456789ABCDEFL, 0xFEDCBA9876543210L};
    assertEquals(0x0L, MultiIndexHashingIndex.extract(words, 0, 0, 4));
    assertEquals(0x123L, MultiIndexHashingIndex.extract(words, 0, 4, 12));
    assertEquals(0xEFFEL, MultiIndexHashingIndex.extract(words, 0, 56, 16));
    assertEquals(0x10L, MultiIndexHashingIndex.extract(words, 0, 120, 8));
  }
}
