package org.transhash.api.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.transhash.api.InvalidInputException;

/**
 * An immutable n-dimensional array as stored in a numpy {@code .npy} file: a dtype, a shape in C
 * (row-major) order, and the little-endian data bytes.
 *
 * <pre>{@code
 * NpyArray labels = NpyArray.ofInt64(new long[] {3, 1, 4}, 3);
 * Npy.write(Path.of("labels.npy"), labels);   // numpy.load gives array([3, 1, 4])
 * }</pre>
 */
public final class NpyArray {

  /** The element types this project reads and writes. */
  public enum DType {
    /** Unsigned 8-bit integers, numpy {@code |u1}: packed codes, images, multi-hot labels. */
    UINT8("|u1", 1),
    /** Little-endian 32-bit integers, numpy {@code <i4}. */
    INT32("<i4", 4),
    /** Little-endian 64-bit integers, numpy {@code <i8}: numpy's default integer type. */
    INT64("<i8", 8),
    /** Little-endian 32-bit floats, numpy {@code <f4}: continuous outputs and features. */
    FLOAT32("<f4", 4);

    private final String descr;
    private final int size;

    DType(String descr, int size) {
      this.descr = descr;
      this.size = size;
    }

    /** The numpy type string written in the header. */
    public String descr() {
      return descr;
    }

    /** Bytes per element. */
    public int size() {
      return size;
    }

    /**
     * Looks up a numpy type string.
     *
     * @param descr the header's {@code descr}, for example {@code "<f4"}
     * @return the type, or null when not supported
     */
    static DType ofDescr(String descr) {
      for (DType t : values()) {
        if (t.descr.equals(descr) || (t == UINT8 && descr.equals("<u1"))) {
          return t;
        }
      }
      return null;
    }
  }

  private final DType dtype;
  private final int[] shape;
  private final byte[] data;

  NpyArray(DType dtype, int[] shape, byte[] data) {
    this.dtype = dtype;
    this.shape = shape.clone();
    long n = elementCount(this.shape);
    if (n * dtype.size != data.length) {
      throw new InvalidInputException(
          "shape "
              + Arrays.toString(shape)
              + " of "
              + dtype.descr
              + " needs "
              + n * dtype.size
              + " bytes, got "
              + data.length);
    }
    this.data = data;
  }

  static long elementCount(int[] shape) {
    long n = 1;
    for (int d : shape) {
      InvalidInputException.check(d >= 0, "negative dimension in shape %s", Arrays.toString(shape));
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  private static ByteBuffer allocate(long elements, int size) {
    InvalidInputException.check(
        elements * size <= Integer.MAX_VALUE - 64,
        "array of %d elements is too large for one .npy buffer",
        elements);
    return ByteBuffer.allocate((int) (elements * size)).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void checkLength(int length, int[] shape) {
    InvalidInputException.check(
        length == elementCount(shape),
        "%d values do not fill shape %s",
        length,
        Arrays.toString(shape));
  }

  /**
   * @param values the elements in C order (copied)
   * @param shape the shape
   * @return a uint8 array
   */
  public static NpyArray ofUint8(byte[] values, int... shape) {
    checkLength(values.length, shape);
    return new NpyArray(DType.UINT8, shape, values.clone());
  }

  /**
   * @param values the elements in C order
   * @param shape the shape
   * @return an int32 array
   */
  public static NpyArray ofInt32(int[] values, int... shape) {
    checkLength(values.length, shape);
    ByteBuffer b = allocate(values.length, 4);
    b.asIntBuffer().put(values);
    return new NpyArray(DType.INT32, shape, b.array());
  }

  /**
   * @param values the elements in C order
   * @param shape the shape
   * @return an int64 array
   */
  public static NpyArray ofInt64(long[] values, int... shape) {
    checkLength(values.length, shape);
    ByteBuffer b = allocate(values.length, 8);
    b.asLongBuffer().put(values);
    return new NpyArray(DType.INT64, shape, b.array());
  }

  /**
   * @param values the elements in C order
   * @param shape the shape
   * @return a float32 array
   */
  public static NpyArray ofFloat32(float[] values, int... shape) {
    checkLength(values.length, shape);
    ByteBuffer b = allocate(values.length, 4);
    b.asFloatBuffer().put(values);
    return new NpyArray(DType.FLOAT32, shape, b.array());
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /**
   * One dimension of the shape.
   *
   * @param axis 0..rank-1
   * @return its size
   */
  public int dim(int axis) {
    return shape[axis];
  }

  /** The number of elements. */
  public long size() {
    return elementCount(shape);
  }

  /** A read-only little-endian view of the data bytes. */
  public ByteBuffer data() {
    return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  private ByteBuffer le() {
    return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The elements of a uint8 array (a copy). */
  public byte[] toByteArray() {
    requireType(DType.UINT8);
    return data.clone();
  }

  /** The elements as ints: uint8 and int32 as they are, int64 when each fits in an int. */
  public int[] toIntArray() {
    int n = (int) size();
    int[] out = new int[n];
    switch (dtype) {
      case UINT8 -> {
        for (int i = 0; i < n; i++) {
          out[i] = data[i] & 0xFF;
        }
      }
      case INT32 -> le().asIntBuffer().get(out);
      case INT64 -> {
        var longs = le().asLongBuffer();
        for (int i = 0; i < n; i++) {
          long v = longs.get(i);
          if (v != (int) v) {
            throw new InvalidInputException("element " + i + " = " + v + " does not fit in an int");
          }
          out[i] = (int) v;
        }
      }
      default -> throw new InvalidInputException("expected an integer array, got " + dtype.descr);
    }
    return out;
  }

  /** The elements as longs: any integer type, widened. */
  public long[] toLongArray() {
    if (dtype == DType.INT64) {
      long[] out = new long[(int) size()];
      le().asLongBuffer().get(out);
      return out;
    }
    return Arrays.stream(toIntArray()).asLongStream().toArray();
  }

  /** The elements of a float32 array. */
  public float[] toFloatArray() {
    requireType(DType.FLOAT32);
    float[] out = new float[(int) size()];
    le().asFloatBuffer().get(out);
    return out;
  }

  private void requireType(DType expected) {
    InvalidInputException.check(
        dtype == expected, "expected a %s array, got %s", expected.descr, dtype.descr);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NpyArray other
        && other.dtype == dtype
        && Arrays.equals(other.shape, shape)
        && Arrays.equals(other.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "NpyArray[" + dtype.descr + " " + Arrays.toString(shape) + "]";
  }
}
