package org.transhash.data.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.transhash.api.DatasetSource;
import org.transhash.api.ImageDataset;
import org.transhash.api.Labels;
import org.transhash.api.io.CorruptFileException;

/**
 * MNIST and Fashion-MNIST: a folder with {@code train-images-idx3-ubyte}, {@code
 * train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each
 * optionally gzip-compressed ({@code .gz}). The dataset holds the 60,000 training images, then the
 * 10,000 test images, as 1 x 28 x 28 grey images with 10 classes.
 *
 * <pre>{@code
 * ImageDataset fmnist = IdxDatasetSource.fashionMnist().load(IdxDatasetSource.DEBIAN_FASHION_MNIST);
 * }</pre>
 */
public final class IdxDatasetSource implements DatasetSource {
  /** Where Debian's package dataset-fashion-mnist installs the files. */
  public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  private static final int CLASSES = 10;
  private final String name;

  private IdxDatasetSource(String name) {
    this.name = name;
  }

  /** The Fashion-MNIST source, named {@code "fashion-mnist"}. */
  public static IdxDatasetSource fashionMnist() {
    return new IdxDatasetSource("fashion-mnist");
  }

  /** The MNIST source, named {@code "mnist"}. */
  public static IdxDatasetSource mnist() {
    return new IdxDatasetSource("mnist");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ImageDataset load(Path folder) throws IOException {
    Part train = readPart(folder, "train");
    Part test = readPart(folder, "t10k");
    if (train.rows != test.rows || train.cols != test.cols) {
      throw new CorruptFileException(
          test.imageFile,
          4,
          "test images are "
              + test.rows
              + "x"
              + test.cols
              + ", training images "
              + train.rows
              + "x"
              + train.cols);
    }
    byte[] pixels = new byte[train.pixels.length + test.pixels.length];
    System.arraycopy(train.pixels, 0, pixels, 0, train.pixels.length);
    System.arraycopy(test.pixels, 0, pixels, train.pixels.length, test.pixels.length);
    int[] labels = new int[train.labels.length + test.labels.length];
    System.arraycopy(train.labels, 0, labels, 0, train.labels.length);
    System.arraycopy(test.labels, 0, labels, train.labels.length, test.labels.length);
    return new InMemoryImageDataset(
        name + " at " + folder,
        1,
        train.rows,
        train.cols,
        pixels,
        Labels.ofClassIds(labels, CLASSES),
        train.labels.length);
  }

  private record Part(Path imageFile, int rows, int cols, byte[] pixels, int[] labels) {}

  private static Part readPart(Path folder, String prefix) throws IOException {
    Path imageFile = find(folder, prefix + "-images-idx3-ubyte");
    Path labelFile = find(folder, prefix + "-labels-idx1-ubyte");
    IdxReader.IdxArray images = IdxReader.read(imageFile, 3);
    IdxReader.IdxArray labels = IdxReader.read(labelFile, 1);
    if (images.dims()[0] != labels.dims()[0]) {
      throw new CorruptFileException(
          labelFile,
          4,
          labels.dims()[0] + " labels for " + images.dims()[0] + " images in " + imageFile);
    }
    int[] ids = new int[labels.data().length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = labels.data()[i] & 0xFF;
      if (ids[i] >= CLASSES) {
        throw new CorruptFileException(
            labelFile, 8 + i, "label " + ids[i] + " of item " + i + " is outside 0..9");
      }
    }
    return new Part(imageFile, images.dims()[1], images.dims()[2], images.data(), ids);
  }

  private static Path find(Path folder, String base) throws IOException {
    for (Path candidate : new Path[] {folder.resolve(base + ".gz"), folder.resolve(base)}) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new NoSuchFileException(
        folder.resolve(base + "[.gz]").toString(),
        null,
        "IDX file not found; for Fashion-MNIST install Debian's dataset-fashion-mnist or give"
            + " the folder that holds the four *-ubyte[.gz] files");
  }
}
