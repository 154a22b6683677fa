package org.transhash.train.guice;

import org.transhash.api.HashingLoss;

/** Makes a hashing loss for a number of classes; bound by name in a registry. */
@FunctionalInterface
public interface LossFactory {
  /**
   * @param classes number of classes of the dataset (losses with a classifier need it)
   * @return a new loss
   */
  HashingLoss create(int classes);
}
