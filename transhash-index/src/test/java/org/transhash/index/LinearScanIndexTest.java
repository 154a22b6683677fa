package org.transhash.index;

import org.transhash.api.HammingIndex;

class LinearScanIndexTest extends HammingIndexConformanceTest {
  @Override
  protected HammingIndex newIndex(int bits, int threads) {
    return LinearScanIndex.builder(bits).optThreads(threads).build();
  }
}
