package org.transhash.data.transform;

import java.util.random.RandomGenerator;
import org.transhash.api.InvalidInputException;

/**
 * Mirrors the image left to right with a given probability (DJL's RandomFlipLeftRight drops its
 * result and does nothing; this one is tested to flip).
 *
 * @param probability chance of flipping, 0..1
 */
public record HorizontalFlip(double probability) implements ImageTransform {

  /** Validates the probability. */
  public HorizontalFlip {
    InvalidInputException.check(
        probability >= 0 && probability <= 1, "probability must be in 0..1, got %s", probability);
  }

  @Override
  public FloatImage apply(FloatImage image, RandomGenerator random) {
    if (probability < 1 && (probability == 0 || random.nextDouble() >= probability)) {
      return image;
    }
    int h = image.height();
    int w = image.width();
    float[] in = image.data();
    float[] out = new float[in.length];
    for (int c = 0; c < image.channels(); c++) {
      for (int y = 0; y < h; y++) {
        int row = (c * h + y) * w;
        for (int x = 0; x < w; x++) {
          out[row + x] = in[row + w - 1 - x];
        }
      }
    }
    return FloatImage.wrap(image.channels(), h, w, out);
  }
}
