package org.transhash.index;

import org.transhash.api.HammingIndex;

/** The conformance suite on multi-index hashing that never falls back to the scan. */
class MultiIndexHashingTablesOnlyTest extends HammingIndexConformanceTest {
  @Override
  protected HammingIndex newIndex(int bits, int threads) {
    return MultiIndexHashingIndex.builder(bits)
        .optThreads(threads)
        .optFallbackBudget(Double.POSITIVE_INFINITY)
        .build();
  }
}
