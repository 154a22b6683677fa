package org.transhash.api;

import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.transhash.api.io.CorruptFileException;
import org.transhash.api.io.Npy;
import org.transhash.api.io.NpyArray;
import org.transhash.api.io.NpyArray.DType;

/**
 * An immutable set of {@code count} binary codes of {@code bits} bits each, bit-packed row-major
 * into {@code long} words.
 *
 * <p>Bit {@code b} of a code (the {@code b}-th network output) is stored most-significant-bit
 * first: in word {@code b / 64} at bit position {@code 63 - b % 64}. Each word is therefore the
 * big-endian reading of eight bytes in numpy {@code packbits} order, the layout that FAISS binary
 * indexes and Elasticsearch/OpenSearch bit vectors use. Padding bits past {@code bits} are always
 * zero, so Hamming distances can be computed word by word.
 *
 * <pre>{@code
 * float[] outputs = {0.3f, -1f, 0f, -0.2f, 1f, 1f, -1f, 0.5f}; // one code of 8 bits
 * BinaryCodes codes = BinaryCodes.fromSigns(outputs, 1, 8);  // u >= 0 -> 1: 10101101
 * codes.toPackedBytes();                                       // {(byte) 0xAD}
 * }</pre>
 */
public final class BinaryCodes {
  /** The smallest supported code length. */
  public static final int MIN_BITS = 8;

  /** The largest supported code length. */
  public static final int MAX_BITS = 4096;

  private final int count;
  private final int bits;
  private final int wordsPerCode;
  private final long[] words;

  private BinaryCodes(int count, int bits, long[] words) {
    this.count = count;
    this.bits = bits;
    this.wordsPerCode = wordsFor(bits);
    this.words = words;
  }

  /**
   * The number of 64-bit words that hold one code of {@code bits} bits.
   *
   * @param bits code length, {@value #MIN_BITS}..{@value #MAX_BITS}
   * @return {@code ceil(bits / 64)}
   */
  public static int wordsFor(int bits) {
    checkBits(bits);
    return (bits + 63) >>> 6;
  }

  private static void checkBits(int bits) {
    InvalidInputException.check(
        bits >= MIN_BITS && bits <= MAX_BITS,
        "bits must be in %d..%d, got %d",
        MIN_BITS,
        MAX_BITS,
        bits);
  }

  private static void checkCount(int count) {
    InvalidInputException.check(count >= 0, "count must be >= 0, got %d", count);
  }

  /**
   * Binarises continuous outputs by sign: {@code u >= 0} gives bit 1, {@code u < 0} bit 0.
   *
   * @param outputs {@code count * bits} values, row-major
   * @param count number of codes
   * @param bits bits per code
   * @return the codes
   * @throws InvalidInputException when the length disagrees with {@code count * bits} or a value is
   *     NaN
   */
  public static BinaryCodes fromSigns(float[] outputs, int count, int bits) {
    checkBits(bits);
    checkCount(count);
    InvalidInputException.check(
        outputs.length == (long) count * bits,
        "expected %d x %d = %d outputs, got %d",
        count,
        bits,
        (long) count * bits,
        outputs.length);
    int wpc = wordsFor(bits);
    long[] words = new long[Math.multiplyExact(count, wpc)];
    for (int i = 0; i < count; i++) {
      int base = i * bits;
      for (int b = 0; b < bits; b++) {
        float u = outputs[base + b];
        if (Float.isNaN(u)) {
          throw new InvalidInputException(
              "output of code " + i + ", bit " + b + " is NaN: cannot binarise");
        }
        if (u >= 0f) {
          words[i * wpc + (b >>> 6)] |= 1L << (63 - (b & 63));
        }
      }
    }
    return new BinaryCodes(count, bits, words);
  }

  /**
   * Binarises continuous outputs by sign, one row per code.
   *
   * @param outputs one array of {@code bits} values per code, all of the same length
   * @return the codes
   */
  public static BinaryCodes fromSigns(float[][] outputs) {
    InvalidInputException.check(outputs.length > 0, "no outputs: cannot infer the bit length");
    int bits = outputs[0].length;
    float[] flat = new float[Math.multiplyExact(outputs.length, bits)];
    for (int i = 0; i < outputs.length; i++) {
      InvalidInputException.check(
          outputs[i].length == bits,
          "row %d has %d outputs, row 0 has %d",
          i,
          outputs[i].length,
          bits);
      System.arraycopy(outputs[i], 0, flat, i * bits, bits);
    }
    return fromSigns(flat, outputs.length, bits);
  }

  /**
   * Copies codes from packed words in this class's layout.
   *
   * @param words {@code count * wordsFor(bits)} words
   * @param count number of codes
   * @param bits bits per code
   * @return the codes
   * @throws InvalidInputException when the length is wrong or padding bits are set
   */
  public static BinaryCodes fromWords(long[] words, int count, int bits) {
    int wpc = wordsFor(bits);
    checkCount(count);
    InvalidInputException.check(
        words.length == (long) count * wpc,
        "expected %d codes x %d words = %d words, got %d",
        count,
        wpc,
        (long) count * wpc,
        words.length);
    long padMask = paddingMask(bits);
    if (padMask != 0) {
      for (int i = 0; i < count; i++) {
        InvalidInputException.check(
            (words[i * wpc + wpc - 1] & padMask) == 0,
            "code %d has padding bits set past bit %d",
            i,
            bits);
      }
    }
    return new BinaryCodes(count, bits, words.clone());
  }

  /** Mask of the unused low bits of a code's last word; 0 when bits is a multiple of 64. */
  private static long paddingMask(int bits) {
    int used = bits & 63;
    return used == 0 ? 0L : -1L >>> used;
  }

  /**
   * Reads codes packed as numpy {@code packbits} bytes: {@code ceil(bits / 8)} bytes per code, most
   * significant bit first.
   *
   * @param packed {@code count * ceil(bits / 8)} bytes
   * @param count number of codes
   * @param bits bits per code; padding bits of the last byte must be zero
   * @return the codes
   */
  public static BinaryCodes fromPackedBytes(byte[] packed, int count, int bits) {
    checkBits(bits);
    checkCount(count);
    int bytesPerCode = (bits + 7) >>> 3;
    InvalidInputException.check(
        packed.length == (long) count * bytesPerCode,
        "expected %d codes x %d bytes = %d bytes, got %d",
        count,
        bytesPerCode,
        (long) count * bytesPerCode,
        packed.length);
    int wpc = wordsFor(bits);
    long[] words = new long[Math.multiplyExact(count, wpc)];
    int lastByteMask = (bits & 7) == 0 ? 0 : 0xFF >>> (bits & 7);
    for (int i = 0; i < count; i++) {
      int src = i * bytesPerCode;
      if (lastByteMask != 0 && (packed[src + bytesPerCode - 1] & lastByteMask) != 0) {
        throw new InvalidInputException(
            "code " + i + " has padding bits set past bit " + bits + " in its last byte");
      }
      for (int b = 0; b < bytesPerCode; b++) {
        words[i * wpc + (b >>> 3)] |= (packed[src + b] & 0xFFL) << (56 - 8 * (b & 7));
      }
    }
    return new BinaryCodes(count, bits, words);
  }

  /**
   * Exports the codes as numpy {@code packbits} bytes, {@code ceil(bits / 8)} bytes per code.
   *
   * @return a new array of {@code count * ceil(bits / 8)} bytes
   */
  public byte[] toPackedBytes() {
    int bytesPerCode = (bits + 7) >>> 3;
    byte[] out = new byte[Math.multiplyExact(count, bytesPerCode)];
    for (int i = 0; i < count; i++) {
      for (int b = 0; b < bytesPerCode; b++) {
        out[i * bytesPerCode + b] =
            (byte) (words[i * wordsPerCode + (b >>> 3)] >>> (56 - 8 * (b & 7)));
      }
    }
    return out;
  }

  /**
   * Converts a uint8 array of shape {@code (count, bytes)} in numpy packbits order.
   *
   * @param array a 2-D uint8 array
   * @param bits bits per code, at most {@code 8 * bytes} and more than {@code 8 * (bytes - 1)}
   * @return the codes
   */
  public static BinaryCodes fromNpy(NpyArray array, int bits) {
    InvalidInputException.check(
        array.dtype() == DType.UINT8 && array.shape().length == 2,
        "codes must be a 2-D uint8 array (count, bytes), got %s %s",
        array.dtype().descr(),
        Arrays.toString(array.shape()));
    int bytes = array.shape()[1];
    InvalidInputException.check(
        (bits + 7) >>> 3 == bytes,
        "%d bits need %d bytes per code, the array has %d",
        bits,
        (bits + 7) >>> 3,
        bytes);
    return fromPackedBytes(array.toByteArray(), array.shape()[0], bits);
  }

  /**
   * Converts a uint8 array of shape {@code (count, bytes)}, taking {@code 8 * bytes} bits.
   *
   * @param array a 2-D uint8 array
   * @return the codes
   */
  public static BinaryCodes fromNpy(NpyArray array) {
    InvalidInputException.check(
        array.shape().length == 2,
        "codes must be a 2-D uint8 array (count, bytes), got shape %s",
        Arrays.toString(array.shape()));
    return fromNpy(array, array.shape()[1] * 8);
  }

  /** The codes as a uint8 array of shape {@code (count, ceil(bits / 8))}. */
  public NpyArray toNpy() {
    return NpyArray.ofUint8(toPackedBytes(), count, (bits + 7) >>> 3);
  }

  /**
   * Reads a {@code .npy} file of uint8 codes in numpy packbits order.
   *
   * @param path the file
   * @return the codes, with {@code 8 * bytes} bits each
   * @throws IOException when the file cannot be read or is not a 2-D uint8 array
   */
  public static BinaryCodes readNpy(Path path) throws IOException {
    NpyArray array = Npy.read(path);
    if (array.dtype() != DType.UINT8 || array.shape().length != 2) {
      throw new CorruptFileException(
          path,
          -1,
          "codes must be a 2-D uint8 array (count, bytes), got "
              + array.dtype().descr()
              + " "
              + Arrays.toString(array.shape()));
    }
    try {
      return fromNpy(array);
    } catch (InvalidInputException e) {
      throw new CorruptFileException(path, -1, e.getMessage());
    }
  }

  /**
   * Writes the codes as a {@code .npy} uint8 file, atomically.
   *
   * @param path the file to write
   * @throws IOException when the file cannot be written
   */
  public void writeNpy(Path path) throws IOException {
    Npy.write(path, toNpy());
  }

  /** Number of codes. */
  public int count() {
    return count;
  }

  /** Bits per code. */
  public int bits() {
    return bits;
  }

  /** Words per code, {@code ceil(bits / 64)}. */
  public int wordsPerCode() {
    return wordsPerCode;
  }

  /**
   * One bit of one code.
   *
   * @param i code index
   * @param b bit index, 0..bits-1
   * @return true for bit 1
   */
  public boolean bit(int i, int b) {
    checkIndex(i);
    if (b < 0 || b >= bits) {
      throw new IndexOutOfBoundsException("bit " + b + " out of range 0.." + (bits - 1));
    }
    return (words[i * wordsPerCode + (b >>> 6)] & (1L << (63 - (b & 63)))) != 0;
  }

  /**
   * One word of one code.
   *
   * @param i code index
   * @param w word index, 0..wordsPerCode-1
   * @return the word
   */
  public long word(int i, int w) {
    checkIndex(i);
    if (w < 0 || w >= wordsPerCode) {
      throw new IndexOutOfBoundsException("word " + w + " out of range 0.." + (wordsPerCode - 1));
    }
    return words[i * wordsPerCode + w];
  }

  /**
   * A read-only view of one code's words, without copying.
   *
   * @param i code index
   * @return a buffer of {@link #wordsPerCode()} words
   */
  public LongBuffer row(int i) {
    checkIndex(i);
    return LongBuffer.wrap(words, i * wordsPerCode, wordsPerCode).slice().asReadOnlyBuffer();
  }

  /**
   * A read-only view of all words, row-major, without copying.
   *
   * @return a buffer of {@code count * wordsPerCode} words
   */
  public LongBuffer words() {
    return LongBuffer.wrap(words).asReadOnlyBuffer();
  }

  /**
   * Copies the words of a range of codes into an array.
   *
   * @param from first code
   * @param to one past the last code
   * @param dst destination
   * @param dstOffset first word written in {@code dst}
   */
  public void copyWords(int from, int to, long[] dst, int dstOffset) {
    if (from < 0 || to > count || from > to) {
      throw new IndexOutOfBoundsException("codes " + from + ".." + to + " of " + count);
    }
    System.arraycopy(words, from * wordsPerCode, dst, dstOffset, (to - from) * wordsPerCode);
  }

  /**
   * Hamming distance between two codes of this set.
   *
   * @param i first code
   * @param j second code
   * @return the number of differing bits
   */
  public int hamming(int i, int j) {
    return hamming(i, this, j);
  }

  /**
   * Hamming distance between a code of this set and a code of another set of the same length.
   *
   * @param i code of this set
   * @param other the other set
   * @param j code of the other set
   * @return the number of differing bits
   */
  public int hamming(int i, BinaryCodes other, int j) {
    checkSameBits(other);
    checkIndex(i);
    other.checkIndex(j);
    int a = i * wordsPerCode;
    int b = j * wordsPerCode;
    int d = 0;
    for (int w = 0; w < wordsPerCode; w++) {
      d += Long.bitCount(words[a + w] ^ other.words[b + w]);
    }
    return d;
  }

  /**
   * The codes at the given positions, in that order.
   *
   * @param rows code indices; may repeat
   * @return a new set
   */
  public BinaryCodes select(int[] rows) {
    long[] out = new long[Math.multiplyExact(rows.length, wordsPerCode)];
    for (int r = 0; r < rows.length; r++) {
      checkIndex(rows[r]);
      System.arraycopy(words, rows[r] * wordsPerCode, out, r * wordsPerCode, wordsPerCode);
    }
    return new BinaryCodes(rows.length, bits, out);
  }

  /**
   * Throws unless {@code other} has the same bit length.
   *
   * @param other another set of codes
   */
  public void checkSameBits(BinaryCodes other) {
    InvalidInputException.check(
        other.bits == bits,
        "codes of %d bits cannot be compared with codes of %d bits",
        bits,
        other.bits);
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("code " + i + " out of range 0.." + (count - 1));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BinaryCodes other
        && other.count == count
        && other.bits == bits
        && Arrays.equals(other.words, words);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * count + bits) + Arrays.hashCode(words);
  }

  @Override
  public String toString() {
    return "BinaryCodes[count=" + count + ", bits=" + bits + "]";
  }
}
