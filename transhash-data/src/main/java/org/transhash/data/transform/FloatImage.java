package org.transhash.data.transform;

import java.util.Arrays;
import org.transhash.api.Image;
import org.transhash.api.InvalidInputException;

/**
 * An immutable float image in CHW order: what the transforms work on and what becomes one row of an
 * input tensor.
 */
public final class FloatImage {
  private final int channels;
  private final int height;
  private final int width;
  private final float[] data;

  private FloatImage(int channels, int height, int width, float[] data) {
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.data = data;
  }

  /**
   * @param channels channels
   * @param height rows
   * @param width columns
   * @param data {@code channels * height * width} values, CHW (copied)
   * @return the image
   */
  public static FloatImage of(int channels, int height, int width, float[] data) {
    InvalidInputException.check(
        channels >= 1 && height >= 1 && width >= 1,
        "image must be at least 1 x 1 x 1, got %d x %d x %d",
        channels,
        height,
        width);
    InvalidInputException.check(
        data.length == (long) channels * height * width,
        "a %d x %d x %d image needs %d values, got %d",
        channels,
        height,
        width,
        (long) channels * height * width,
        data.length);
    return new FloatImage(channels, height, width, data.clone());
  }

  /** Takes ownership of {@code data} without copying: for transforms in this package. */
  static FloatImage wrap(int channels, int height, int width, float[] data) {
    return new FloatImage(channels, height, width, data);
  }

  /**
   * The "to tensor" step: 8-bit pixels scaled to [0, 1].
   *
   * @param image an 8-bit image
   * @return the float image
   */
  public static FloatImage fromImage(Image image) {
    byte[] pixels = image.pixels();
    float[] data = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      data[i] = (pixels[i] & 0xFF) / 255f;
    }
    return new FloatImage(image.channels(), image.height(), image.width(), data);
  }

  /** Channels. */
  public int channels() {
    return channels;
  }

  /** Rows. */
  public int height() {
    return height;
  }

  /** Columns. */
  public int width() {
    return width;
  }

  /**
   * One value.
   *
   * @param c channel
   * @param y row
   * @param x column
   * @return the value
   */
  public float get(int c, int y, int x) {
    return data[(c * height + y) * width + x];
  }

  /** A copy of the values, CHW. */
  public float[] toArray() {
    return data.clone();
  }

  /**
   * Copies the values into a batch buffer.
   *
   * @param dst destination
   * @param offset first index written
   */
  public void copyTo(float[] dst, int offset) {
    System.arraycopy(data, 0, dst, offset, data.length);
  }

  float[] data() {
    return data;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatImage f
        && f.channels == channels
        && f.height == height
        && f.width == width
        && Arrays.equals(f.data, data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "FloatImage[" + channels + " x " + height + " x " + width + "]";
  }
}
