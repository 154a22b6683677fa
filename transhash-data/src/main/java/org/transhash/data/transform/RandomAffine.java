package org.transhash.data.transform;

import java.util.random.RandomGenerator;
import org.transhash.api.InvalidInputException;

/**
 * A random rotation and scaling about the image's centre (torchvision's {@code RandomAffine} with
 * {@code degrees} and {@code scale}, without its translation and shear): the angle is uniform in
 * {@code -maxDegrees..maxDegrees}, the scale uniform in {@code 1 - maxScale..1 + maxScale}. Each
 * output pixel samples the input bilinearly where the inverse transform sends it, with zeros
 * outside the image (the background of Fashion-MNIST and MNIST before normalisation). The size is
 * kept. Unless both bounds are 0 (then the image is returned as it is, and nothing is drawn) each
 * image takes two draws, the angle's and the scale's, so the draws that follow do not depend on the
 * bounds.
 *
 * @param maxDegrees largest rotation either way, in degrees, 0..180 (0: no rotation)
 * @param maxScale largest change of size either way, as a fraction, 0..1 exclusive (0: no scaling)
 */
public record RandomAffine(double maxDegrees, double maxScale) implements ImageTransform {

  /** Validates the bounds. */
  public RandomAffine {
    InvalidInputException.check(
        maxDegrees >= 0 && maxDegrees <= 180,
        "the rotation's bound must be in 0..180 degrees, got %s",
        maxDegrees);
    InvalidInputException.check(
        maxScale >= 0 && maxScale < 1, "the scale's bound must be in [0, 1), got %s", maxScale);
  }

  /**
   * @return true when both bounds are 0: every image is returned as it is
   */
  public boolean isIdentity() {
    return maxDegrees == 0 && maxScale == 0;
  }

  @Override
  public FloatImage apply(FloatImage image, RandomGenerator random) {
    if (isIdentity()) {
      return image;
    }
    double degrees = maxDegrees * (2 * random.nextDouble() - 1);
    double scale = 1 + maxScale * (2 * random.nextDouble() - 1);
    return rotateAndScale(image, degrees, scale);
  }

  /**
   * Rotates the content counter-clockwise (as the image is seen, rows running down) by the angle
   * and scales it by the factor, about the image's centre.
   *
   * @param image the image
   * @param degrees the rotation; negative turns clockwise
   * @param scale the factor, above 0; above 1 enlarges the content
   * @return the transformed image, of the same size
   */
  static FloatImage rotateAndScale(FloatImage image, double degrees, double scale) {
    int h = image.height();
    int w = image.width();
    double centreY = (h - 1) / 2.0;
    double centreX = (w - 1) / 2.0;
    double radians = Math.toRadians(degrees);
    double cos = Math.cos(radians) / scale;
    double sin = Math.sin(radians) / scale;
    float[] in = image.data();
    float[] out = new float[in.length];
    for (int y = 0; y < h; y++) {
      double dy = y - centreY;
      for (int x = 0; x < w; x++) {
        double dx = x - centreX;
        // the inverse map: undo the scaling, then turn clockwise by the angle
        double sourceX = centreX + cos * dx - sin * dy;
        double sourceY = centreY + sin * dx + cos * dy;
        for (int c = 0; c < image.channels(); c++) {
          out[(c * h + y) * w + x] = bilinear(in, c, h, w, sourceY, sourceX);
        }
      }
    }
    return FloatImage.wrap(image.channels(), h, w, out);
  }

  private static float bilinear(float[] in, int c, int h, int w, double y, double x) {
    int y0 = (int) Math.floor(y);
    int x0 = (int) Math.floor(x);
    double fy = y - y0;
    double fx = x - x0;
    double top = (1 - fx) * pixel(in, c, h, w, y0, x0) + fx * pixel(in, c, h, w, y0, x0 + 1);
    double bottom =
        (1 - fx) * pixel(in, c, h, w, y0 + 1, x0) + fx * pixel(in, c, h, w, y0 + 1, x0 + 1);
    return (float) ((1 - fy) * top + fy * bottom);
  }

  private static float pixel(float[] in, int c, int h, int w, int y, int x) {
    return y < 0 || y >= h || x < 0 || x >= w ? 0f : in[(c * h + y) * w + x];
  }
}
