package org.transhash.data.transform;

import java.util.random.RandomGenerator;

/**
 * One step of an image pipeline. Random steps draw only from the generator they are given, so a
 * seeded generator reproduces the same images.
 *
 * <pre>{@code
 * ImageTransform train = Compose.of(
 *     new RandomCrop(28, 28, 4), new HorizontalFlip(0.5), Normalize.of(0.2860f, 0.3530f));
 * FloatImage x = train.apply(FloatImage.fromImage(image), new SplittableRandom(seed));
 * }</pre>
 */
@FunctionalInterface
public interface ImageTransform {

  /**
   * @param image the input
   * @param random the source of randomness for random steps
   * @return the transformed image (a new one, or the input when nothing changes)
   */
  FloatImage apply(FloatImage image, RandomGenerator random);
}
