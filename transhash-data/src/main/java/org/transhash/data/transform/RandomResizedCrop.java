package org.transhash.data.transform;

import java.util.random.RandomGenerator;
import org.transhash.api.InvalidInputException;

/**
 * torchvision's {@code RandomResizedCrop}: a window of random area (a fraction in {@code [minScale,
 * maxScale]} of the image) and random aspect ratio (log-uniform in {@code [minRatio, maxRatio]}),
 * resized to {@code size x size}. After ten failed draws it falls back to a central crop.
 *
 * @param size output side
 * @param minScale smallest area fraction
 * @param maxScale largest area fraction
 * @param minRatio smallest aspect ratio (width / height)
 * @param maxRatio largest aspect ratio
 */
public record RandomResizedCrop(
    int size, double minScale, double maxScale, double minRatio, double maxRatio)
    implements ImageTransform {

  /** Validates the ranges. */
  public RandomResizedCrop {
    InvalidInputException.check(size >= 1, "size must be >= 1, got %d", size);
    InvalidInputException.check(
        minScale > 0 && minScale <= maxScale && maxScale <= 1,
        "scale range must satisfy 0 < min <= max <= 1, got %s..%s",
        minScale,
        maxScale);
    InvalidInputException.check(
        minRatio > 0 && minRatio <= maxRatio,
        "ratio range must satisfy 0 < min <= max, got %s..%s",
        minRatio,
        maxRatio);
  }

  /**
   * torchvision's defaults: scale 0.08..1, ratio 3/4..4/3.
   *
   * @param size output side
   * @return the transform
   */
  public static RandomResizedCrop of(int size) {
    return new RandomResizedCrop(size, 0.08, 1.0, 3.0 / 4, 4.0 / 3);
  }

  @Override
  public FloatImage apply(FloatImage image, RandomGenerator random) {
    int h = image.height();
    int w = image.width();
    double area = (double) h * w;
    double logMin = Math.log(minRatio);
    double logMax = Math.log(maxRatio);
    for (int attempt = 0; attempt < 10; attempt++) {
      double target = area * (minScale + (maxScale - minScale) * random.nextDouble());
      double ratio = Math.exp(logMin + (logMax - logMin) * random.nextDouble());
      int cw = (int) Math.round(Math.sqrt(target * ratio));
      int ch = (int) Math.round(Math.sqrt(target / ratio));
      if (cw > 0 && ch > 0 && cw <= w && ch <= h) {
        int top = random.nextInt(h - ch + 1);
        int left = random.nextInt(w - cw + 1);
        return Resize.resize(Crops.crop(image, top, left, ch, cw), size, size);
      }
    }
    double inRatio = (double) w / h;
    int cw = w;
    int ch = h;
    if (inRatio < minRatio) {
      ch = (int) Math.round(w / minRatio);
    } else if (inRatio > maxRatio) {
      cw = (int) Math.round(h * maxRatio);
    }
    return Resize.resize(Crops.crop(image, (h - ch) / 2, (w - cw) / 2, ch, cw), size, size);
  }
}
