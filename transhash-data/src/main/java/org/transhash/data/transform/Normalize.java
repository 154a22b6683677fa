package org.transhash.data.transform;

import java.util.random.RandomGenerator;
import org.transhash.api.InvalidInputException;

/**
 * {@code (x - mean[c]) / std[c]} per channel.
 *
 * @param mean per-channel means
 * @param std per-channel standard deviations, all positive
 */
public record Normalize(float[] mean, float[] std) implements ImageTransform {

  /** Fashion-MNIST's pixel statistics (training set, pixels in [0, 1]). */
  public static final Normalize FASHION_MNIST = of(0.2860f, 0.3530f);

  /** ImageNet's statistics, for pretrained backbones. */
  public static final Normalize IMAGENET =
      new Normalize(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

  /** Validates and copies the statistics. */
  public Normalize {
    InvalidInputException.check(
        mean.length == std.length && mean.length >= 1,
        "mean and std need one value per channel, got %d and %d",
        mean.length,
        std.length);
    for (float s : std) {
      InvalidInputException.check(s > 0, "std must be positive, got %s", s);
    }
    mean = mean.clone();
    std = std.clone();
  }

  /**
   * The same statistics for every channel.
   *
   * @param mean the mean
   * @param std the standard deviation
   * @return the transform
   */
  public static Normalize of(float mean, float std) {
    return new Normalize(new float[] {mean}, new float[] {std});
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  @Override
  public FloatImage apply(FloatImage image, RandomGenerator random) {
    InvalidInputException.check(
        mean.length == 1 || mean.length == image.channels(),
        "normalize has statistics for %d channels, the image has %d",
        mean.length,
        image.channels());
    int plane = image.height() * image.width();
    float[] in = image.data();
    float[] out = new float[in.length];
    for (int c = 0; c < image.channels(); c++) {
      float m = mean[mean.length == 1 ? 0 : c];
      float inv = 1f / std[std.length == 1 ? 0 : c];
      for (int p = c * plane; p < (c + 1) * plane; p++) {
        out[p] = (in[p] - m) * inv;
      }
    }
    return FloatImage.wrap(image.channels(), image.height(), image.width(), out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalize n
        && java.util.Arrays.equals(n.mean, mean)
        && java.util.Arrays.equals(n.std, std);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(mean) * 31 + java.util.Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalize[mean="
        + java.util.Arrays.toString(mean)
        + ", std="
        + java.util.Arrays.toString(std)
        + "]";
  }
}
