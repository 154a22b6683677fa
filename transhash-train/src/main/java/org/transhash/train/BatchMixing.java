package org.transhash.train;

import java.util.SplittableRandom;
import org.transhash.api.InvalidInputException;

/**
 * Mixes the images of a training batch, and their labels in the same shares: mixup (Zhang et al.,
 * ICLR 2018) blends two images pixel by pixel, CutMix (Yun et al., ICCV 2019) pastes a rectangle of
 * one into the other. Each image i of a batch of n is mixed with image n - 1 - i (timm's pairing),
 * all with one share lambda drawn from Beta(alpha, alpha) per batch; its labels become lambda of
 * its own and 1 - lambda of its partner's (for CutMix lambda is then the share of pixels it kept).
 * A pairwise loss reads the mixed labels as pairs similar to a degree ({@link
 * org.transhash.api.HashingLoss#acceptsMixedLabels}).
 *
 * <p>A batch is mixed with probability {@code probability}; with both alphas above 0 each mixed
 * batch takes mixup or CutMix at even odds. {@link #NONE}, the default, draws no random numbers, so
 * a run without mixing is the same bit for bit as before it existed.
 *
 * @param mixupAlpha Beta's alpha for mixup; 0 for no mixup
 * @param cutMixAlpha Beta's alpha for CutMix; 0 for no CutMix
 * @param probability the chance that a batch is mixed, in [0, 1]
 */
public record BatchMixing(double mixupAlpha, double cutMixAlpha, double probability) {
  /** No mixing. */
  public static final BatchMixing NONE = new BatchMixing(0, 0, 0);

  /** Validates the values. */
  public BatchMixing {
    InvalidInputException.check(
        mixupAlpha >= 0 && mixupAlpha <= 100,
        "the mixup alpha must be in 0..100 (0: none), got %s",
        mixupAlpha);
    InvalidInputException.check(
        cutMixAlpha >= 0 && cutMixAlpha <= 100,
        "the CutMix alpha must be in 0..100 (0: none), got %s",
        cutMixAlpha);
    InvalidInputException.check(
        probability >= 0 && probability <= 1,
        "the mixing probability must be in [0, 1], got %s",
        probability);
  }

  /** Whether no batch is ever mixed. */
  public boolean isOff() {
    return probability == 0 || mixupAlpha == 0 && cutMixAlpha == 0;
  }

  /**
   * Mixes a batch in place, drawing from {@code random} (nothing when {@link #isOff()}).
   *
   * @param images (n, channels, height, width), row-major
   * @param labels (n, classes), row-major: 0/1 before, shares after
   * @param shape the batch's n, channels, height and width
   * @param random the augmentation's generator
   */
  void mix(float[] images, float[] labels, int[] shape, SplittableRandom random) {
    if (isOff() || random.nextDouble() >= probability) {
      return;
    }
    int n = shape[0];
    int height = shape[2];
    int width = shape[3];
    int perImage = images.length / n;
    int classes = labels.length / n;
    boolean cut = cutMixAlpha > 0 && (mixupAlpha == 0 || random.nextBoolean());
    double lambda = symmetricBeta(cut ? cutMixAlpha : mixupAlpha, random);
    float[] original = images.clone();
    if (cut) {
      // a box of (1 - lambda) of the area, centred anywhere, cut off at the borders
      double side = Math.sqrt(1 - lambda);
      int boxHeight = (int) (height * side);
      int boxWidth = (int) (width * side);
      int centreY = random.nextInt(height);
      int centreX = random.nextInt(width);
      int top = Math.max(0, centreY - boxHeight / 2);
      int bottom = Math.min(height, centreY + boxHeight / 2);
      int left = Math.max(0, centreX - boxWidth / 2);
      int right = Math.min(width, centreX + boxWidth / 2);
      int planes = perImage / (height * width);
      for (int i = 0; i < n; i++) {
        int partner = n - 1 - i;
        for (int p = 0; p < planes; p++) {
          for (int y = top; y < bottom; y++) {
            int row = (p * height + y) * width;
            System.arraycopy(
                original,
                partner * perImage + row + left,
                images,
                i * perImage + row + left,
                right - left);
          }
        }
      }
      lambda = 1 - (double) (bottom - top) * (right - left) / (height * width);
    } else {
      float own = (float) lambda;
      float other = (float) (1 - lambda);
      for (int i = 0; i < n; i++) {
        int partner = n - 1 - i;
        for (int k = 0; k < perImage; k++) {
          images[i * perImage + k] =
              own * original[i * perImage + k] + other * original[partner * perImage + k];
        }
      }
    }
    float[] hard = labels.clone();
    for (int i = 0; i < n; i++) {
      int partner = n - 1 - i;
      for (int c = 0; c < classes; c++) {
        labels[i * classes + c] =
            (float) (lambda * hard[i * classes + c] + (1 - lambda) * hard[partner * classes + c]);
      }
    }
  }

  /** A draw from Beta(alpha, alpha): X / (X + Y) of two Gamma(alpha) draws. */
  static double symmetricBeta(double alpha, SplittableRandom random) {
    double x = gamma(alpha, random);
    double y = gamma(alpha, random);
    return x + y == 0 ? 0.5 : x / (x + y);
  }

  /**
   * A draw from Gamma(alpha, 1) by Marsaglia and Tsang's method (ACM TOMS 2000), boosted for alpha
   * below 1 by U^(1 / alpha).
   */
  static double gamma(double alpha, SplittableRandom random) {
    if (alpha < 1) {
      return gamma(alpha + 1, random) * Math.pow(random.nextDouble(), 1 / alpha);
    }
    double d = alpha - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = random.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }
}
