package org.transhash.data.transform;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Transforms applied in order.
 *
 * @param steps the steps
 */
public record Compose(List<ImageTransform> steps) implements ImageTransform {

  /** Copies the list. */
  public Compose {
    steps = List.copyOf(steps);
  }

  /**
   * @param steps the steps, in order
   * @return their composition
   */
  public static Compose of(ImageTransform... steps) {
    return new Compose(List.of(steps));
  }

  @Override
  public FloatImage apply(FloatImage image, RandomGenerator random) {
    FloatImage out = image;
    for (ImageTransform step : steps) {
      out = step.apply(out, random);
    }
    return out;
  }
}
