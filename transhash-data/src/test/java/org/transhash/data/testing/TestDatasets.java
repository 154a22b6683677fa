package org.transhash.data.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Assumptions;
import org.transhash.api.ImageDataset;
import org.transhash.data.source.IdxDatasetSource;

/**
 * The datasets tests use: the committed Fashion-MNIST fixture (2,000 images, 200 per class; see
 * {@code fashion-mnist-mini/make_fixture.py}) and the full set from Debian's package.
 */
public final class TestDatasets {
  private static final String[] FILES = {
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz"
  };
  private static Path fixtureFolder;

  private TestDatasets() {}

  /**
   * The fixture's folder, copied out of the test-jar when needed.
   *
   * @return a folder with the four IDX files
   */
  public static synchronized Path fashionMnistMiniFolder() {
    if (fixtureFolder == null) {
      try {
        Path dir = Files.createTempDirectory("fashion-mnist-mini");
        // The JVM deletes in the reverse order of registration and only empty folders: the
        // folder first, then each file, so that the files go before it at exit.
        dir.toFile().deleteOnExit();
        for (String file : FILES) {
          try (InputStream in =
              TestDatasets.class.getResourceAsStream("/fashion-mnist-mini/" + file)) {
            if (in == null) {
              throw new IllegalStateException("fixture file missing from the class path: " + file);
            }
            Path copy = dir.resolve(file);
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().deleteOnExit();
          }
        }
        fixtureFolder = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return fixtureFolder;
  }

  /**
   * The committed fixture: 1,500 training then 500 test images, 1 x 28 x 28, 200 per class.
   *
   * @return the dataset
   */
  public static ImageDataset fashionMnistMini() {
    try {
      return IdxDatasetSource.fashionMnist().load(fashionMnistMiniFolder());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The full Fashion-MNIST from Debian's package. Skips the calling test when the package is not
   * installed, except under CI ({@code CI} set), where .ci/run installs it and its absence is a
   * failure.
   *
   * @return the 70,000 images
   * @throws IOException when the files cannot be read
   */
  public static ImageDataset fullFashionMnist() throws IOException {
    Path folder = IdxDatasetSource.DEBIAN_FASHION_MNIST;
    boolean present = Files.isDirectory(folder);
    if (!present && System.getenv("CI") != null) {
      throw new IllegalStateException(folder + " is missing under CI: .ci/run must install it");
    }
    Assumptions.assumeTrue(
        present,
        "skipped: the full Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
    return IdxDatasetSource.fashionMnist().load(folder);
  }
}
