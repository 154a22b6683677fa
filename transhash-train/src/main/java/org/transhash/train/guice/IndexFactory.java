package org.transhash.train.guice;

import org.transhash.api.HammingIndex;

/** Makes an empty Hamming index; bound by name in a registry. */
@FunctionalInterface
public interface IndexFactory {
  /**
   * @param bits code length
   * @param threads search threads
   * @return a new, empty index
   */
  HammingIndex create(int bits, int threads);
}
