package org.transhash.loss.shallow;

import org.transhash.api.BinaryCodes;

/**
 * A shallow (non-deep) hashing method for the comparison table: fitted on feature vectors (raw
 * pixels, or a backbone's outputs), it turns features into codes directly.
 *
 * <pre>{@code
 * ShallowHashing itq = new Itq(50);
 * ShallowHashing.Hasher hasher = itq.fit(trainFeatures, 32, 0);
 * BinaryCodes db = hasher.encode(databaseFeatures);
 * }</pre>
 */
public interface ShallowHashing {

  /** Stable name, for reports, for example {@code "itq"}. */
  String name();

  /**
   * Learns a hash function.
   *
   * @param features training features, one row per item, all of the same width
   * @param bits code length, at least 8
   * @param seed seed of any random choice
   * @return the fitted hash function
   */
  Hasher fit(double[][] features, int bits, long seed);

  /** A fitted hash function. */
  interface Hasher {
    /** Code length. */
    int bits();

    /**
     * @param features rows of the width the hasher was fitted on
     * @return their codes
     */
    BinaryCodes encode(double[][] features);
  }
}
