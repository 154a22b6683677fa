package org.transhash.data.transform;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.transhash.api.InvalidInputException;

/**
 * Random erasing (Zhong et al., AAAI 2020; torchvision's {@code RandomErasing}): with a given
 * probability, fills one random rectangle of every channel with a constant. The rectangle covers
 * {@code minArea..maxArea} of the image, its aspect ratio (height over width) is log-uniform in
 * {@code minAspect..1/minAspect}; after ten draws that do not fit the image is left as it is.
 * Placed after {@link Normalize}, a fill of 0 is the dataset mean.
 *
 * @param probability chance of erasing, 0..1
 * @param minArea smallest erased fraction of the image, in (0, maxArea]
 * @param maxArea largest erased fraction of the image, in [minArea, 1)
 * @param minAspect smallest height-over-width ratio, in (0, 1]
 * @param fill the value written into the rectangle
 */
public record RandomErasing(
    double probability, double minArea, double maxArea, double minAspect, float fill)
    implements ImageTransform {

  /** Draws that may miss the image before it is left unerased (torchvision's number). */
  private static final int ATTEMPTS = 10;

  /** Validates the values. */
  public RandomErasing {
    InvalidInputException.check(
        probability >= 0 && probability <= 1, "probability must be in 0..1, got %s", probability);
    InvalidInputException.check(
        minArea > 0 && minArea <= maxArea && maxArea < 1,
        "areas must satisfy 0 < min <= max < 1, got %s..%s",
        minArea,
        maxArea);
    InvalidInputException.check(
        minAspect > 0 && minAspect <= 1, "minimum aspect must be in (0, 1], got %s", minAspect);
    InvalidInputException.check(Float.isFinite(fill), "fill must be finite, got %s", fill);
  }

  /**
   * torchvision's defaults: areas 2-33 %, aspect 0.3-3.3, fill 0.
   *
   * @param probability chance of erasing, 0..1
   * @return the transform
   */
  public static RandomErasing of(double probability) {
    return new RandomErasing(probability, 0.02, 0.33, 0.3, 0f);
  }

  @Override
  public FloatImage apply(FloatImage image, RandomGenerator random) {
    if (probability == 0 || (probability < 1 && random.nextDouble() >= probability)) {
      return image;
    }
    int h = image.height();
    int w = image.width();
    double logAspect = Math.log(minAspect);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      double area = h * w * (minArea + (maxArea - minArea) * random.nextDouble());
      double aspect = Math.exp(logAspect + (-2 * logAspect) * random.nextDouble());
      int eh = (int) Math.round(Math.sqrt(area * aspect));
      int ew = (int) Math.round(Math.sqrt(area / aspect));
      if (eh < 1 || ew < 1 || eh >= h || ew >= w) {
        continue;
      }
      int top = random.nextInt(h - eh + 1);
      int left = random.nextInt(w - ew + 1);
      float[] out = image.toArray();
      for (int c = 0; c < image.channels(); c++) {
        for (int y = top; y < top + eh; y++) {
          int row = (c * h + y) * w;
          Arrays.fill(out, row + left, row + left + ew, fill);
        }
      }
      return FloatImage.wrap(image.channels(), h, w, out);
    }
    return image;
  }
}
