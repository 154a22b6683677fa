package org.transhash.train;

import java.util.Arrays;
import org.transhash.api.InvalidInputException;

/**
 * Training images split into the images a model trains on and the held-out images that choose its
 * best epoch ({@link Trainer#optValidation}). Validation comes from the training data, never from
 * the test queries, so the reported test figures stay unbiased.
 *
 * <pre>{@code
 * ValidationSplit v = ValidationSplit.of(split.train(), 0.1, seed);   // 4,500 + 500 of 5,000
 * trainer.optValidation(v.validation()).train(dataset, v.train(), normalize, log);
 * }</pre>
 *
 * @param train the images to train on, in their original order
 * @param validation the held-out images, in a seeded random order
 */
public record ValidationSplit(int[] train, int[] validation) {
  /** Copies the arrays. */
  public ValidationSplit {
    train = train.clone();
    validation = validation.clone();
  }

  /**
   * Holds out a seeded random fraction of the training images.
   *
   * @param positions the training images
   * @param fraction the fraction to hold out, in (0, 0.5]
   * @param seed the seed
   * @return the split
   * @throws InvalidInputException when the fraction is outside (0, 0.5] or leaves fewer than 4
   *     validation images
   */
  public static ValidationSplit of(int[] positions, double fraction, long seed) {
    InvalidInputException.check(
        fraction > 0 && fraction <= 0.5,
        "validation fraction must be in (0, 0.5], got %s",
        fraction);
    int held = (int) Math.round(positions.length * fraction);
    InvalidInputException.check(
        held >= 4,
        "a validation fraction of %s of %d images leaves %d, fewer than 4",
        fraction,
        positions.length,
        held);
    int[] order = Trainer.shuffled(positions.length, seed ^ 0x5eed_da7aL);
    int[] validation = new int[held];
    boolean[] out = new boolean[positions.length];
    for (int i = 0; i < held; i++) {
      validation[i] = positions[order[i]];
      out[order[i]] = true;
    }
    int[] train = new int[positions.length - held];
    for (int i = 0, j = 0; i < positions.length; i++) {
      if (!out[i]) {
        train[j++] = positions[i];
      }
    }
    return new ValidationSplit(train, validation);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValidationSplit v
        && Arrays.equals(train, v.train)
        && Arrays.equals(validation, v.validation);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(train) + Arrays.hashCode(validation);
  }

  @Override
  public String toString() {
    return "ValidationSplit[" + train.length + " train, " + validation.length + " validation]";
  }
}
