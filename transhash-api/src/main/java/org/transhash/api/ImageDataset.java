package org.transhash.api;

import java.io.IOException;

/**
 * A labelled image dataset: images addressed by position, and their labels. Datasets that ship an
 * official train/test split (MNIST, CIFAR) hold the training images first, then the test images;
 * {@link #officialTrainCount()} says where the test part starts.
 *
 * <p>Implementations may hold every image in memory or decode files on demand; they are safe for
 * concurrent reads.
 */
public interface ImageDataset {

  /** A short description, for example {@code "fashion-mnist at /usr/share/datasets/..."}. */
  String description();

  /** Number of images. */
  int size();

  /**
   * One image.
   *
   * @param i position, 0..size-1
   * @return the image
   * @throws IOException when an image file cannot be read or decoded
   */
  Image image(int i) throws IOException;

  /** The labels of all images, by position. */
  Labels labels();

  /**
   * Number of images in the official training part: positions {@code 0..officialTrainCount-1} are
   * training images, the rest official test images. Equal to {@link #size()} when the dataset has
   * no official split.
   */
  int officialTrainCount();
}
