package org.transhash.data.transform;

import java.util.random.RandomGenerator;
import org.transhash.api.InvalidInputException;

/**
 * Cuts the central {@code height x width} window (torchvision's rounding: the top-left corner is
 * {@code round((H - h) / 2)}); pads with zeros when the image is smaller.
 *
 * @param height output rows
 * @param width output columns
 */
public record CenterCrop(int height, int width) implements ImageTransform {

  /** Validates the size. */
  public CenterCrop {
    InvalidInputException.check(
        height >= 1 && width >= 1, "crop must be at least 1 x 1, got %d x %d", height, width);
  }

  @Override
  public FloatImage apply(FloatImage image, RandomGenerator random) {
    int top = (int) Math.round((image.height() - height) / 2.0);
    int left = (int) Math.round((image.width() - width) / 2.0);
    return Crops.crop(image, top, left, height, width);
  }
}
