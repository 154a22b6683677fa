package org.transhash.api.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.transhash.api.BinaryCodes;
import org.transhash.api.Labels;

class NpyTest {

  static Path fixture(String name) {
    try {
      return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void readsFilesWrittenByNumpy() throws IOException {
    NpyArray codes = Npy.read(fixture("codes_u1.npy"));
    assertEquals(NpyArray.DType.UINT8, codes.dtype());
    assertArrayEquals(new int[] {2, 2}, codes.shape());
    assertArrayEquals(
        new byte[] {(byte) 0xAD, (byte) 0xF0, 0x01, (byte) 0x80}, codes.toByteArray());
    BinaryCodes binary = BinaryCodes.fromNpy(codes);
    assertEquals(16, binary.bits());
    assertEquals(4 + 3, binary.hamming(0, 1)); // 10101101 11110000 vs 00000001 10000000

    assertArrayEquals(new long[] {3, 1, 4, 1, 5}, Npy.read(fixture("labels_i8.npy")).toLongArray());
    NpyArray ints = Npy.read(fixture("ints_i4.npy"));
    assertArrayEquals(new int[] {2, 3}, ints.shape());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, ints.toIntArray());
    assertArrayEquals(
        new float[] {0.5f, -1.25f, 3.0f}, Npy.read(fixture("floats_f4.npy")).toFloatArray());
    assertArrayEquals(
        new float[] {1.5f, 2.5f}, Npy.read(fixture("floats_v2_f4.npy")).toFloatArray());
    Labels multi = Labels.readNpy(fixture("multihot_u1.npy"), 0);
    assertTrue(multi.isMultiLabel());
    assertTrue(multi.hasLabel(0, 2));
  }

  @Test
  void writesWhatNumpyWrites() throws IOException {
    // numpy.save of the same array gives byte-identical files (header padding included)
    for (String name :
        new String[] {"codes_u1.npy", "labels_i8.npy", "ints_i4.npy", "floats_f4.npy"}) {
      byte[] original = Files.readAllBytes(fixture(name));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Npy.write(out, Npy.read(fixture(name)));
      assertArrayEquals(original, out.toByteArray(), name);
    }
  }

  @Test
  void roundTripsEveryDType(@TempDir Path dir) throws IOException {
    NpyArray[] arrays = {
      NpyArray.ofUint8(new byte[] {1, 2, (byte) 255}, 3),
      NpyArray.ofInt32(new int[] {-1, 7, Integer.MAX_VALUE, 0}, 2, 2),
      NpyArray.ofInt64(new long[] {Long.MIN_VALUE, 5}, 2),
      NpyArray.ofFloat32(new float[] {Float.NaN, -0f, 1e30f, 2, 3, 4}, 1, 2, 3),
      NpyArray.ofFloat32(new float[0], 0, 4),
    };
    for (NpyArray a : arrays) {
      Path file = dir.resolve("a.npy");
      Npy.write(file, a);
      assertEquals(a, Npy.read(file), a.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"fortran_f4.npy", "bool_b1.npy", "float64_f8.npy", "bigendian_i4.npy"})
  void refusesUnsupportedLayouts(String name) {
    UnsupportedFormatException e =
        assertThrows(UnsupportedFormatException.class, () -> Npy.read(fixture(name)));
    assertTrue(e.getMessage().contains(name), e.getMessage());
  }

  @Test
  void truncatedDataNamesTheOffset() throws IOException {
    byte[] bytes = Files.readAllBytes(fixture("ints_i4.npy"));
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 5);
    CorruptFileException e =
        assertThrows(
            CorruptFileException.class,
            () -> Npy.read(new ByteArrayInputStream(cut), Path.of("cut.npy")));
    assertEquals(cut.length, e.position());
    assertTrue(e.getMessage().contains("cut.npy") && e.getMessage().contains("truncated"));
  }

  @Test
  void refusesTrailingBytesBadMagicAndShortHeaders() {
    assertThrows(
        CorruptFileException.class,
        () -> {
          byte[] bytes = Files.readAllBytes(fixture("ints_i4.npy"));
          Npy.read(new ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length + 1)), null);
        });
    CorruptFileException magic =
        assertThrows(
            CorruptFileException.class,
            () -> Npy.read(new ByteArrayInputStream("PK\3\4 zip".getBytes()), null));
    assertEquals(0, magic.position());
    assertThrows(
        CorruptFileException.class,
        () -> {
          byte[] bytes = Files.readAllBytes(fixture("ints_i4.npy"));
          Npy.read(new ByteArrayInputStream(Arrays.copyOf(bytes, 40)), null);
        });
  }

  @Test
  void failedWriteLeavesThePreviousFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("keep.npy");
    NpyArray original = NpyArray.ofInt32(new int[] {1, 2}, 2);
    Npy.write(file, original);
    assertThrows(
        IOException.class,
        () ->
            AtomicFiles.write(
                file,
                out -> {
                  out.write(new byte[100]);
                  throw new IOException("disk full");
                }));
    assertEquals(original, Npy.read(file));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }
}
