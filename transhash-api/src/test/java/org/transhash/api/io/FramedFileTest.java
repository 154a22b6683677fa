package org.transhash.api.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FramedFileTest {

  private static Path write(Path dir, int version) throws IOException {
    Path file = dir.resolve("f.bin");
    FramedFile.write(
        file,
        "test-format",
        version,
        out -> {
          out.writeInt(42);
          out.writeUTF("hello");
        });
    return file;
  }

  private static String readBack(Path file) throws IOException {
    return FramedFile.read(
        file,
        "test-format",
        1,
        2,
        p -> {
          int v = p.readInt();
          String s = p.readUtf();
          p.expectEnd();
          return v + ":" + s;
        });
  }

  @Test
  void roundTrip(@TempDir Path dir) throws IOException {
    assertEquals("42:hello", readBack(write(dir, 2)));
  }

  @Test
  void readsAcrossChunkBoundaries(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("chunks.bin");
    long[] longs = new long[50];
    int[] ints = new int[33];
    for (int i = 0; i < longs.length; i++) {
      longs[i] = 0x0102030405060708L * (i + 1);
    }
    for (int i = 0; i < ints.length; i++) {
      ints[i] = -7 * i;
    }
    FramedFile.write(
        file,
        "chunked",
        1,
        out -> {
          out.writeUTF("x");
          for (long v : longs) {
            out.writeLong(v);
          }
          for (int v : ints) {
            out.writeInt(v);
          }
        });
    for (int chunk : new int[] {7, 8, 13, 64, FramedFile.DEFAULT_CHUNK}) {
      long[] gotLongs = new long[longs.length];
      int[] gotInts = new int[ints.length];
      FramedFile.read(
          file,
          "chunked",
          1,
          1,
          p -> {
            assertEquals("x", p.readUtf());
            p.readLongs(gotLongs, 0, longs.length);
            p.readInts(gotInts, 0, ints.length);
            p.expectEnd();
            return null;
          },
          chunk);
      assertArrayEquals(longs, gotLongs, "chunk " + chunk);
      assertArrayEquals(ints, gotInts, "chunk " + chunk);
    }
  }

  @Test
  void everyFlippedByteIsDetected(@TempDir Path dir) throws IOException {
    Path file = write(dir, 1);
    byte[] good = Files.readAllBytes(file);
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x20;
      Files.write(file, bad);
      assertThrows(FileFormatException.class, () -> readBack(file), "flip at " + i);
    }
  }

  @Test
  void truncationWrongFormatAndVersionsAreNamed(@TempDir Path dir) throws IOException {
    Path file = write(dir, 1);
    byte[] good = Files.readAllBytes(file);
    for (int n = 0; n < good.length; n++) {
      Files.write(file, Arrays.copyOf(good, n));
      assertThrows(CorruptFileException.class, () -> readBack(file), "cut at " + n);
    }
    Path newer = write(dir, 3);
    UnsupportedFormatException tooNew =
        assertThrows(UnsupportedFormatException.class, () -> readBack(newer));
    assertTrue(tooNew.getMessage().contains("too new"), tooNew.getMessage());
    Path older = write(dir, 0);
    assertTrue(
        assertThrows(UnsupportedFormatException.class, () -> readBack(older))
            .getMessage()
            .contains("too old"));
    CorruptFileException other =
        assertThrows(
            CorruptFileException.class,
            () -> FramedFile.read(write(dir, 1), "other-format", 1, 1, p -> null));
    assertTrue(other.getMessage().contains("'test-format'"), other.getMessage());
  }

  @Test
  void readingPastThePayloadIsCorruption(@TempDir Path dir) throws IOException {
    Path file = write(dir, 1);
    assertThrows(
        CorruptFileException.class,
        () -> FramedFile.read(file, "test-format", 1, 1, p -> p.readLong() + p.readLong()));
  }
}
