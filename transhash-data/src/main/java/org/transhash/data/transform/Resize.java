package org.transhash.data.transform;

import java.util.random.RandomGenerator;
import org.transhash.api.InvalidInputException;

/**
 * Bilinear resizing with half-pixel centres (PyTorch's {@code align_corners=False}, no
 * antialiasing). With {@code shorterSide > 0} the shorter side becomes that size and the aspect
 * ratio is kept (torchvision's {@code Resize(256)}); otherwise the output is {@code height x
 * width}.
 *
 * @param height output rows (fixed-size mode)
 * @param width output columns (fixed-size mode)
 * @param shorterSide target of the shorter side, or 0 for fixed-size mode
 */
public record Resize(int height, int width, int shorterSide) implements ImageTransform {

  /** Validates the sizes. */
  public Resize {
    InvalidInputException.check(
        shorterSide > 0 || (height >= 1 && width >= 1),
        "resize needs a size of at least 1 x 1, got %d x %d",
        height,
        width);
  }

  /**
   * @param height output rows
   * @param width output columns
   * @return a fixed-size resize
   */
  public static Resize to(int height, int width) {
    return new Resize(height, width, 0);
  }

  /**
   * @param size the shorter side's new length
   * @return an aspect-preserving resize
   */
  public static Resize shorterSide(int size) {
    InvalidInputException.check(size >= 1, "size must be >= 1, got %d", size);
    return new Resize(0, 0, size);
  }

  @Override
  public FloatImage apply(FloatImage image, RandomGenerator random) {
    int outH = height;
    int outW = width;
    if (shorterSide > 0) {
      if (image.height() <= image.width()) {
        outH = shorterSide;
        outW = (int) ((long) shorterSide * image.width() / image.height());
      } else {
        outW = shorterSide;
        outH = (int) ((long) shorterSide * image.height() / image.width());
      }
    }
    return resize(image, outH, outW);
  }

  static FloatImage resize(FloatImage image, int outH, int outW) {
    int h = image.height();
    int w = image.width();
    if (h == outH && w == outW) {
      return image;
    }
    float[] in = image.data();
    float[] out = new float[image.channels() * outH * outW];
    double scaleY = (double) h / outH;
    double scaleX = (double) w / outW;
    for (int y = 0; y < outH; y++) {
      double sy = Math.max(0, (y + 0.5) * scaleY - 0.5);
      int y0 = Math.min((int) sy, h - 1);
      int y1 = Math.min(y0 + 1, h - 1);
      float fy = (float) (sy - y0);
      for (int x = 0; x < outW; x++) {
        double sx = Math.max(0, (x + 0.5) * scaleX - 0.5);
        int x0 = Math.min((int) sx, w - 1);
        int x1 = Math.min(x0 + 1, w - 1);
        float fx = (float) (sx - x0);
        for (int c = 0; c < image.channels(); c++) {
          int base = c * h * w;
          float top = in[base + y0 * w + x0] * (1 - fx) + in[base + y0 * w + x1] * fx;
          float bottom = in[base + y1 * w + x0] * (1 - fx) + in[base + y1 * w + x1] * fx;
          out[(c * outH + y) * outW + x] = top * (1 - fy) + bottom * fy;
        }
      }
    }
    return FloatImage.wrap(image.channels(), outH, outW, out);
  }
}
