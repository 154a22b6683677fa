package org.transhash.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transhash.api.Image;
import org.transhash.api.ImageDataset;
import org.transhash.api.io.CorruptFileException;
import org.transhash.data.testing.TestDatasets;

class IdxDatasetSourceTest {

  private static byte[] gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    }
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** A copy of the fixture folder with one file replaced (gzip-compressed). */
  private static Path withFile(Path dir, String name, byte[] raw) throws IOException {
    for (String f : new String[] {"train-images", "train-labels", "t10k-images", "t10k-labels"}) {
      String file = f + (f.endsWith("images") ? "-idx3-ubyte.gz" : "-idx1-ubyte.gz");
      Files.copy(TestDatasets.fashionMnistMiniFolder().resolve(file), dir.resolve(file));
    }
    Files.write(dir.resolve(name), gzip(raw));
    return dir;
  }

  @Test
  void fixtureLoadsWithItsSplitAndClasses() throws IOException {
    ImageDataset data = TestDatasets.fashionMnistMini();
    assertEquals(2000, data.size());
    assertEquals(1500, data.officialTrainCount());
    int[] perClass = new int[10];
    for (int i = 0; i < data.size(); i++) {
      perClass[data.labels().classId(i)]++;
    }
    assertTrue(Arrays.stream(perClass).allMatch(c -> c == 200), Arrays.toString(perClass));
    // an image matches the bytes of the file, read independently
    byte[] raw = gunzip(TestDatasets.fashionMnistMiniFolder().resolve("t10k-images-idx3-ubyte.gz"));
    Image img = data.image(1500 + 7);
    assertEquals(1, img.channels());
    assertEquals(28, img.height());
    for (int p = 0; p < 784; p++) {
      assertEquals(raw[16 + 7 * 784 + p] & 0xFF, img.pixel(0, p / 28, p % 28));
    }
  }

  @Test
  void rawUncompressedFilesLoadToo(@TempDir Path dir) throws IOException {
    Path source = TestDatasets.fashionMnistMiniFolder();
    for (String f :
        new String[] {
          "train-images-idx3-ubyte",
          "train-labels-idx1-ubyte",
          "t10k-images-idx3-ubyte",
          "t10k-labels-idx1-ubyte"
        }) {
      Files.write(dir.resolve(f), gunzip(source.resolve(f + ".gz")));
    }
    ImageDataset data = IdxDatasetSource.mnist().load(dir);
    assertEquals(2000, data.size());
    assertEquals(TestDatasets.fashionMnistMini().image(123), data.image(123));
  }

  @Test
  void truncatedImagesNameTheOffset(@TempDir Path dir) throws IOException {
    byte[] raw = gunzip(TestDatasets.fashionMnistMiniFolder().resolve("t10k-images-idx3-ubyte.gz"));
    Path folder = withFile(dir, "t10k-images-idx3-ubyte.gz", Arrays.copyOf(raw, raw.length - 100));
    CorruptFileException e =
        assertThrows(
            CorruptFileException.class, () -> IdxDatasetSource.fashionMnist().load(folder));
    assertEquals(raw.length - 100, e.position());
    assertTrue(e.getMessage().contains("t10k-images") && e.getMessage().contains("truncated"));
  }

  @Test
  void trailingBytesAreRefused(@TempDir Path dir) throws IOException {
    byte[] raw = gunzip(TestDatasets.fashionMnistMiniFolder().resolve("t10k-labels-idx1-ubyte.gz"));
    Path folder = withFile(dir, "t10k-labels-idx1-ubyte.gz", Arrays.copyOf(raw, raw.length + 3));
    assertThrows(CorruptFileException.class, () -> IdxDatasetSource.fashionMnist().load(folder));
  }

  @Test
  void wrongMagicIsRefused(@TempDir Path dir) throws IOException {
    byte[] raw =
        gunzip(TestDatasets.fashionMnistMiniFolder().resolve("train-labels-idx1-ubyte.gz"));
    raw[3] = 3; // a labels file that claims three dimensions
    Path folder = withFile(dir, "train-labels-idx1-ubyte.gz", raw);
    CorruptFileException e =
        assertThrows(
            CorruptFileException.class, () -> IdxDatasetSource.fashionMnist().load(folder));
    assertEquals(0, e.position());
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
  }

  @Test
  void labelOutOfRangeNamesItsOffset(@TempDir Path dir) throws IOException {
    byte[] raw =
        gunzip(TestDatasets.fashionMnistMiniFolder().resolve("train-labels-idx1-ubyte.gz"));
    raw[8 + 41] = 10;
    Path folder = withFile(dir, "train-labels-idx1-ubyte.gz", raw);
    CorruptFileException e =
        assertThrows(
            CorruptFileException.class, () -> IdxDatasetSource.fashionMnist().load(folder));
    assertEquals(8 + 41, e.position());
  }

  @Test
  void labelAndImageCountsMustAgree(@TempDir Path dir) throws IOException {
    byte[] raw =
        gunzip(TestDatasets.fashionMnistMiniFolder().resolve("train-labels-idx1-ubyte.gz"));
    byte[] shorter = Arrays.copyOf(raw, raw.length - 1);
    shorter[7] = (byte) (shorter[7] - 1); // header says 1,499 labels
    Path folder = withFile(dir, "train-labels-idx1-ubyte.gz", shorter);
    CorruptFileException e =
        assertThrows(
            CorruptFileException.class, () -> IdxDatasetSource.fashionMnist().load(folder));
    assertTrue(e.getMessage().contains("1499 labels for 1500 images"), e.getMessage());
  }

  @Test
  void corruptGzipIsRefused(@TempDir Path dir) throws IOException {
    Path folder = withFile(dir, "t10k-labels-idx1-ubyte.gz", new byte[0]);
    byte[] gz =
        gzip(gunzip(TestDatasets.fashionMnistMiniFolder().resolve("t10k-labels-idx1-ubyte.gz")));
    Files.write(folder.resolve("t10k-labels-idx1-ubyte.gz"), Arrays.copyOf(gz, gz.length / 2));
    assertThrows(CorruptFileException.class, () -> IdxDatasetSource.fashionMnist().load(folder));
  }

  @Test
  void missingFolderSaysWhatToInstall(@TempDir Path dir) {
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> IdxDatasetSource.fashionMnist().load(dir));
    assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
  }

  @Test
  @Tag("slow")
  void fullFashionMnistLoads() throws IOException {
    ImageDataset data = TestDatasets.fullFashionMnist();
    assertEquals(70_000, data.size());
    assertEquals(60_000, data.officialTrainCount());
    int[] perClass = new int[10];
    for (int i = 0; i < data.size(); i++) {
      perClass[data.labels().classId(i)]++;
    }
    assertTrue(Arrays.stream(perClass).allMatch(c -> c == 7000), Arrays.toString(perClass));
    // the fixture's first test image is the full set's first test image of its class
    assertEquals(TestDatasets.fashionMnistMini().image(1500), data.image(60_000));
  }
}
