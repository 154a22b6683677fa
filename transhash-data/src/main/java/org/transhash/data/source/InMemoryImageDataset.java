package org.transhash.data.source;

import org.transhash.api.Image;
import org.transhash.api.ImageDataset;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Labels;

/**
 * Images of one size held in memory as one byte array (CHW per image): MNIST-style and CIFAR
 * datasets, up to 2 GiB of pixels.
 */
public final class InMemoryImageDataset implements ImageDataset {
  private final String description;
  private final int channels;
  private final int height;
  private final int width;
  private final byte[] pixels;
  private final Labels labels;
  private final int officialTrainCount;

  /**
   * @param description what the data is and where it came from
   * @param channels channels per image
   * @param height rows per image
   * @param width columns per image
   * @param pixels {@code n * channels * height * width} bytes, image after image, each CHW; not
   *     copied, so the caller must not change it afterwards
   * @param labels labels of the {@code n} images
   * @param officialTrainCount images in the official training part (n when there is none)
   */
  public InMemoryImageDataset(
      String description,
      int channels,
      int height,
      int width,
      byte[] pixels,
      Labels labels,
      int officialTrainCount) {
    long perImage = (long) channels * height * width;
    InvalidInputException.check(
        pixels.length == perImage * labels.count(),
        "%d labels need %d pixel bytes, got %d",
        labels.count(),
        perImage * labels.count(),
        pixels.length);
    InvalidInputException.check(
        officialTrainCount >= 0 && officialTrainCount <= labels.count(),
        "officialTrainCount %d outside 0..%d",
        officialTrainCount,
        labels.count());
    this.description = description;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.pixels = pixels;
    this.labels = labels;
    this.officialTrainCount = officialTrainCount;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public int size() {
    return labels.count();
  }

  @Override
  public Image image(int i) {
    if (i < 0 || i >= size()) {
      throw new IndexOutOfBoundsException("image " + i + " out of range 0.." + (size() - 1));
    }
    int perImage = channels * height * width;
    byte[] one = new byte[perImage];
    System.arraycopy(pixels, i * perImage, one, 0, perImage);
    return new Image(channels, height, width, one);
  }

  @Override
  public Labels labels() {
    return labels;
  }

  @Override
  public int officialTrainCount() {
    return officialTrainCount;
  }

  @Override
  public String toString() {
    return description
        + " ("
        + size()
        + " images of "
        + channels
        + "x"
        + height
        + "x"
        + width
        + ")";
  }
}
