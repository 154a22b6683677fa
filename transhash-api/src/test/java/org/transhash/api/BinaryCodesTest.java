package org.transhash.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.LongBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.transhash.api.io.NpyArray;
import org.transhash.api.testing.TestData;

class BinaryCodesTest {

  @Test
  void signRuleMapsZeroToOne() {
    BinaryCodes codes =
        BinaryCodes.fromSigns(new float[] {0.3f, -1f, 0f, -0.2f, 1f, 1f, -1f, 0.5f}, 1, 8);
    assertArrayEquals(new byte[] {(byte) 0xAD}, codes.toPackedBytes());
    assertTrue(codes.bit(0, 2));
    assertFalse(codes.bit(0, 3));
    BinaryCodes negativeZero =
        BinaryCodes.fromSigns(new float[] {-0f, -1, -1, -1, -1, -1, -1, -1}, 1, 8);
    assertTrue(negativeZero.bit(0, 0), "-0.0 >= 0 holds, so it is bit 1");
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 9, 15, 16, 31, 48, 63, 64, 65, 100, 127, 128, 200, 256, 511, 1000, 4096})
  void packingAndHammingAgreeWithBitByBitReference(int bits) {
    Random random = new Random(bits);
    int count = 13;
    float[] outputs = new float[count * bits];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = (float) random.nextGaussian();
    }
    BinaryCodes codes = BinaryCodes.fromSigns(outputs, count, bits);
    assertEquals(count, codes.count());
    assertEquals(bits, codes.bits());
    assertEquals((bits + 63) / 64, codes.wordsPerCode());
    for (int i = 0; i < count; i++) {
      for (int b = 0; b < bits; b++) {
        assertEquals(outputs[i * bits + b] >= 0, codes.bit(i, b), "code " + i + " bit " + b);
      }
    }
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < count; j++) {
        assertEquals(TestData.naiveHamming(codes, i, codes, j), codes.hamming(i, j));
      }
    }
    // packbits order: bit b is bit (7 - b % 8) of byte b / 8
    byte[] packed = codes.toPackedBytes();
    int bytesPerCode = (bits + 7) / 8;
    assertEquals(count * bytesPerCode, packed.length);
    for (int i = 0; i < count; i++) {
      for (int b = 0; b < bits; b++) {
        boolean expected = ((packed[i * bytesPerCode + b / 8] >> (7 - b % 8)) & 1) == 1;
        assertEquals(expected, codes.bit(i, b));
      }
    }
    assertEquals(codes, BinaryCodes.fromPackedBytes(packed, count, bits));
    assertEquals(codes, BinaryCodes.fromNpy(codes.toNpy(), bits));
    long[] words = new long[count * codes.wordsPerCode()];
    codes.copyWords(0, count, words, 0);
    assertEquals(codes, BinaryCodes.fromWords(words, count, bits));
  }

  @Test
  void rejectsOutOfRangeBitsNaNAndWrongLengths() {
    assertThrows(InvalidInputException.class, () -> BinaryCodes.fromSigns(new float[7], 1, 7));
    assertThrows(
        InvalidInputException.class, () -> BinaryCodes.fromSigns(new float[4097], 1, 4097));
    assertThrows(InvalidInputException.class, () -> BinaryCodes.fromSigns(new float[9], 1, 8));
    float[] nan = new float[16];
    nan[11] = Float.NaN;
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> BinaryCodes.fromSigns(nan, 2, 8));
    assertTrue(e.getMessage().contains("code 1, bit 3"), e.getMessage());
    assertThrows(InvalidInputException.class, () -> BinaryCodes.fromPackedBytes(new byte[3], 2, 8));
  }

  @Test
  void rejectsPaddingBitsSet() {
    // 12 bits in two bytes: the low 4 bits of the second byte are padding
    assertThrows(
        InvalidInputException.class,
        () -> BinaryCodes.fromPackedBytes(new byte[] {0, 0x01}, 1, 12));
    assertTrue(BinaryCodes.fromPackedBytes(new byte[] {0, 0x10}, 1, 12).bit(0, 11));
    assertThrows(InvalidInputException.class, () -> BinaryCodes.fromWords(new long[] {1L}, 1, 60));
  }

  @Test
  void rowViewIsReadOnlyAndCopyFree() {
    BinaryCodes codes = TestData.randomCodes(4, 128, 1);
    LongBuffer row = codes.row(2);
    assertEquals(2, row.remaining());
    assertEquals(codes.word(2, 0), row.get(0));
    assertEquals(codes.word(2, 1), row.get(1));
    assertThrows(ReadOnlyBufferException.class, () -> row.put(0, 0L));
    assertThrows(IndexOutOfBoundsException.class, () -> codes.row(4));
  }

  @Test
  void equalityFollowsContent() {
    BinaryCodes a = TestData.randomCodes(5, 64, 3);
    assertEquals(a, TestData.randomCodes(5, 64, 3));
    assertEquals(a.hashCode(), TestData.randomCodes(5, 64, 3).hashCode());
    assertNotEquals(a, TestData.randomCodes(5, 64, 4));
    assertEquals(a.select(new int[] {4, 0}).hamming(0, a, 4), 0);
  }

  @Test
  void hammingAcrossSetsNeedsEqualBits() {
    BinaryCodes a = TestData.randomCodes(2, 64, 1);
    BinaryCodes b = TestData.randomCodes(2, 32, 1);
    assertThrows(InvalidInputException.class, () -> a.hamming(0, b, 0));
  }

  @Test
  void npyFileRoundTrip(@TempDir Path dir) throws Exception {
    BinaryCodes codes = TestData.randomCodes(100, 96, 9);
    Path file = dir.resolve("codes.npy");
    codes.writeNpy(file);
    assertEquals(codes, BinaryCodes.readNpy(file));
    NpyArray raw = org.transhash.api.io.Npy.read(file);
    assertArrayEquals(new int[] {100, 12}, raw.shape());
  }
}
