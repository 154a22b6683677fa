package org.transhash.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transhash.api.Image;
import org.transhash.api.ImageDataset;
import org.transhash.api.io.CorruptFileException;

class CifarDatasetSourceTest {
  private static final int PIXELS = 3072;

  /** Record r of a batch: label r % classes, pixel p = (seed + r + p) mod 256. */
  private static byte[] batch(int records, int labelBytes, int seed) {
    byte[] out = new byte[records * (labelBytes + PIXELS)];
    for (int r = 0; r < records; r++) {
      int base = r * (labelBytes + PIXELS);
      for (int l = 0; l < labelBytes; l++) {
        out[base + l] = (byte) ((seed + r + l) % 10);
      }
      for (int p = 0; p < PIXELS; p++) {
        out[base + labelBytes + p] = (byte) (seed + r + p);
      }
    }
    return out;
  }

  private static Path cifar10(Path dir) throws IOException {
    for (int b = 1; b <= 5; b++) {
      Files.write(dir.resolve("data_batch_" + b + ".bin"), batch(3, 1, b));
    }
    Files.write(dir.resolve("test_batch.bin"), batch(2, 1, 9));
    return dir;
  }

  @Test
  void cifar10BatchesLoadInOrder(@TempDir Path dir) throws IOException {
    ImageDataset data = CifarDatasetSource.cifar10().load(cifar10(dir));
    assertEquals(17, data.size());
    assertEquals(15, data.officialTrainCount());
    // image 4 is record 1 of data_batch_2: label (2 + 1) % 10, pixels (2 + 1 + p) & 255, CHW
    assertEquals(3, data.labels().classId(4));
    Image image = data.image(4);
    assertEquals(3, image.channels());
    assertEquals((3 + 1024 + 5 * 32 + 7) & 0xFF, image.pixel(1, 5, 7));
    assertEquals(9, data.labels().classId(15));
  }

  @Test
  void cifar100HasFineAndCoarseLabels(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("train.bin"), batch(4, 2, 0));
    Files.write(dir.resolve("test.bin"), batch(1, 2, 5));
    ImageDataset fine = CifarDatasetSource.cifar100().load(dir);
    ImageDataset coarse = CifarDatasetSource.cifar100Coarse().load(dir);
    assertEquals(100, fine.labels().classCount());
    assertEquals(20, coarse.labels().classCount());
    assertEquals(2, fine.labels().classId(1)); // (0 + 1 + 1) % 10
    assertEquals(1, coarse.labels().classId(1));
    assertEquals(fine.image(3), coarse.image(3));
  }

  @Test
  void truncatedBatchNamesWhereTheLastRecordStarts(@TempDir Path dir) throws IOException {
    cifar10(dir);
    byte[] bytes = Files.readAllBytes(dir.resolve("data_batch_3.bin"));
    Files.write(dir.resolve("data_batch_3.bin"), Arrays.copyOf(bytes, bytes.length - 10));
    CorruptFileException e =
        assertThrows(CorruptFileException.class, () -> CifarDatasetSource.cifar10().load(dir));
    assertEquals(2 * 3073, e.position());
    assertTrue(e.getMessage().contains("data_batch_3.bin"), e.getMessage());
  }

  @Test
  void labelOutOfRangeIsRefused(@TempDir Path dir) throws IOException {
    cifar10(dir);
    byte[] bytes = Files.readAllBytes(dir.resolve("test_batch.bin"));
    bytes[3073] = 10;
    Files.write(dir.resolve("test_batch.bin"), bytes);
    CorruptFileException e =
        assertThrows(CorruptFileException.class, () -> CifarDatasetSource.cifar10().load(dir));
    assertEquals(3073, e.position());
  }

  @Test
  void missingBatchIsNamed(@TempDir Path dir) throws IOException {
    cifar10(dir);
    Files.delete(dir.resolve("data_batch_5.bin"));
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> CifarDatasetSource.cifar10().load(dir));
    assertTrue(e.getMessage().contains("data_batch_5.bin"));
  }
}
