package org.transhash.data.transform;

import java.util.random.RandomGenerator;

/**
 * Moves the image by whole pixels, keeping its size: what leaves one side is lost, and zeros fill
 * the other, as {@link RandomCrop}'s padding does. {@code new Translate(2, 0)} moves the content
 * two rows down; negative amounts move it up or left.
 *
 * @param down rows the content moves down (negative: up)
 * @param right columns the content moves right (negative: left)
 */
public record Translate(int down, int right) implements ImageTransform {

  @Override
  public FloatImage apply(FloatImage image, RandomGenerator random) {
    if (down == 0 && right == 0) {
      return image;
    }
    return Crops.crop(image, -down, -right, image.height(), image.width());
  }
}
