package org.transhash.api;

/**
 * An immutable 8-bit image in channel-major (CHW) order: the layout tensors use. One channel for
 * grey images (MNIST, Fashion-MNIST), three (red, green, blue) for colour.
 *
 * @param channels number of channels, 1..4
 * @param height rows
 * @param width columns
 * @param pixels {@code channels * height * width} bytes, read as unsigned 0..255
 */
public record Image(int channels, int height, int width, byte[] pixels) {

  /** Validates the shape and copies the pixels, so the image cannot change later. */
  public Image {
    InvalidInputException.check(
        channels >= 1 && channels <= 4, "channels must be 1..4, got %d", channels);
    InvalidInputException.check(
        height >= 1 && width >= 1, "image must be at least 1 x 1, got %d x %d", height, width);
    InvalidInputException.check(
        pixels.length == (long) channels * height * width,
        "a %d x %d x %d image needs %d bytes, got %d",
        channels,
        height,
        width,
        (long) channels * height * width,
        pixels.length);
    pixels = pixels.clone();
  }

  /**
   * One pixel value.
   *
   * @param c channel
   * @param y row
   * @param x column
   * @return 0..255
   */
  public int pixel(int c, int y, int x) {
    return pixels[(c * height + y) * width + x] & 0xFF;
  }

  /** A copy of the pixels, CHW. */
  @Override
  public byte[] pixels() {
    return pixels.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Image other
        && other.channels == channels
        && other.height == height
        && other.width == width
        && java.util.Arrays.equals(other.pixels, pixels);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(pixels) * 31 + (channels * 31 + height) * 31 + width;
  }

  @Override
  public String toString() {
    return "Image[" + channels + " x " + height + " x " + width + "]";
  }
}
