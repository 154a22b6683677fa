package org.transhash.data.transform;

import java.util.random.RandomGenerator;
import org.transhash.api.InvalidInputException;

/**
 * Pads the image with {@code padding} zeros on every side, then cuts a random {@code height x
 * width} window: the standard augmentation for 28-32 pixel images.
 *
 * @param height output rows
 * @param width output columns
 * @param padding zeros added on each side first
 */
public record RandomCrop(int height, int width, int padding) implements ImageTransform {

  /** Validates the sizes. */
  public RandomCrop {
    InvalidInputException.check(
        height >= 1 && width >= 1, "crop must be at least 1 x 1, got %d x %d", height, width);
    InvalidInputException.check(padding >= 0, "padding must be >= 0, got %d", padding);
  }

  @Override
  public FloatImage apply(FloatImage image, RandomGenerator random) {
    int spanY = image.height() + 2 * padding - height;
    int spanX = image.width() + 2 * padding - width;
    InvalidInputException.check(
        spanY >= 0 && spanX >= 0,
        "cannot crop %d x %d from a %d x %d image padded by %d",
        height,
        width,
        image.height(),
        image.width(),
        padding);
    int top = random.nextInt(spanY + 1) - padding;
    int left = random.nextInt(spanX + 1) - padding;
    return Crops.crop(image, top, left, height, width);
  }
}
