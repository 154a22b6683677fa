package org.transhash.data.transform;

/** Cutting a window out of an image, with zeros where the window leaves it. */
final class Crops {
  private Crops() {}

  static FloatImage crop(FloatImage image, int top, int left, int height, int width) {
    int h = image.height();
    int w = image.width();
    float[] in = image.data();
    float[] out = new float[image.channels() * height * width];
    for (int c = 0; c < image.channels(); c++) {
      for (int y = 0; y < height; y++) {
        int sy = top + y;
        if (sy < 0 || sy >= h) {
          continue;
        }
        for (int x = 0; x < width; x++) {
          int sx = left + x;
          if (sx >= 0 && sx < w) {
            out[(c * height + y) * width + x] = in[(c * h + sy) * w + sx];
          }
        }
      }
    }
    return FloatImage.wrap(image.channels(), height, width, out);
  }
}
