package org.transhash.api.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.transhash.api.InvalidInputException;
import org.transhash.api.io.NpyArray.DType;

/**
 * Reads and writes numpy {@code .npy} files (format versions 1.0, 2.0 and 3.0; C order; the dtypes
 * of {@link DType}). Anything else is refused with an exception that names the file and the offset:
 * Fortran order, big-endian or unknown dtypes, truncated data, trailing bytes.
 *
 * <pre>{@code
 * NpyArray codes = Npy.read(Path.of("db.npy"));       // written by numpy.save
 * BinaryCodes db = BinaryCodes.fromNpy(codes);
 * }</pre>
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /**
   * Reads a {@code .npy} file.
   *
   * @param path the file
   * @return the array
   * @throws IOException when the file cannot be read or is not a supported {@code .npy} file
   */
  public static NpyArray read(Path path) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      return read(in, path);
    }
  }

  /**
   * Reads a {@code .npy} array from a stream, which must hold exactly one array.
   *
   * @param in the stream, read to its end
   * @param path the file the stream comes from, for messages; may be null
   * @return the array
   * @throws IOException when the stream cannot be read or is not a supported {@code .npy} array
   */
  public static NpyArray read(InputStream in, Path path) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] magic = new byte[MAGIC.length];
    int got = data.readNBytes(magic, 0, magic.length);
    for (int i = 0; i < MAGIC.length; i++) {
      if (i >= got || magic[i] != MAGIC[i]) {
        throw new CorruptFileException(path, i, "not a .npy file: bad magic string");
      }
    }
    int major = readByte(data, path, 6);
    readByte(data, path, 7);
    long headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = readLittleEndian(data, 2, path, 8);
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      headerLength = readLittleEndian(data, 4, path, 8);
      headerStart = 12;
    } else {
      throw new UnsupportedFormatException(
          path, 6, ".npy format version " + major + " is not supported (1, 2 and 3 are)");
    }
    if (headerLength > 1 << 20) {
      throw new CorruptFileException(path, 8, "implausible header length " + headerLength);
    }
    byte[] headerBytes = new byte[(int) headerLength];
    if (data.readNBytes(headerBytes, 0, headerBytes.length) != headerBytes.length) {
      throw new CorruptFileException(path, headerStart, "truncated header");
    }
    String header =
        new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    DType dtype = parseDType(header, path, headerStart);
    int[] shape = parseShape(header, path, headerStart);
    long dataStart = headerStart + headerLength;
    long elements;
    try {
      elements = NpyArray.elementCount(shape);
    } catch (InvalidInputException | ArithmeticException e) {
      throw new CorruptFileException(path, headerStart, "bad shape in header: " + e.getMessage());
    }
    long expected = elements * dtype.size();
    if (expected > Integer.MAX_VALUE - 64) {
      throw new UnsupportedFormatException(
          path, headerStart, "array of " + expected + " bytes is larger than 2 GiB");
    }
    byte[] payload = new byte[(int) expected];
    int read = data.readNBytes(payload, 0, payload.length);
    if (read != payload.length) {
      throw new CorruptFileException(
          path,
          dataStart + read,
          "truncated: shape "
              + java.util.Arrays.toString(shape)
              + " of "
              + dtype.descr()
              + " needs "
              + expected
              + " data bytes, found "
              + read);
    }
    if (data.read() >= 0) {
      throw new CorruptFileException(
          path, dataStart + expected, "trailing bytes after the array's data");
    }
    return new NpyArray(dtype, shape, payload);
  }

  private static int readByte(DataInputStream in, Path path, long offset) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new CorruptFileException(path, offset, "truncated header");
    }
    return b;
  }

  private static long readLittleEndian(DataInputStream in, int bytes, Path path, long offset)
      throws IOException {
    long v = 0;
    for (int i = 0; i < bytes; i++) {
      v |= (long) readByte(in, path, offset + i) << (8 * i);
    }
    return v;
  }

  private static DType parseDType(String header, Path path, long offset) throws IOException {
    Matcher fortran = FORTRAN.matcher(header);
    Matcher descr = DESCR.matcher(header);
    if (!descr.find() || !fortran.find()) {
      throw new CorruptFileException(path, offset, "header lacks 'descr' or 'fortran_order'");
    }
    if (fortran.group(1).equals("True")) {
      throw new UnsupportedFormatException(
          path,
          offset,
          "Fortran-order arrays are not supported: save with numpy.ascontiguousarray");
    }
    DType dtype = DType.ofDescr(descr.group(1));
    if (dtype == null) {
      throw new UnsupportedFormatException(
          path,
          offset,
          "dtype '"
              + descr.group(1)
              + "' is not supported; supported: |u1 (uint8), <i4 (int32), <i8 (int64), <f4"
              + " (float32)");
    }
    return dtype;
  }

  private static int[] parseShape(String header, Path path, long offset) throws IOException {
    Matcher m = SHAPE.matcher(header);
    if (!m.find()) {
      throw new CorruptFileException(path, offset, "header lacks 'shape'");
    }
    List<Integer> dims = new ArrayList<>();
    for (String part : m.group(1).split(",")) {
      String s = part.trim();
      if (s.endsWith("L")) {
        s = s.substring(0, s.length() - 1);
      }
      if (s.isEmpty()) {
        continue;
      }
      try {
        dims.add(Integer.parseInt(s));
      } catch (NumberFormatException e) {
        throw new CorruptFileException(path, offset, "bad dimension '" + s + "' in shape");
      }
    }
    return dims.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Writes a {@code .npy} file atomically (format 1.0, or 2.0 for very long headers).
   *
   * @param path the file
   * @param array the array
   * @throws IOException when writing fails; an existing file is then left as it was
   */
  public static void write(Path path, NpyArray array) throws IOException {
    AtomicFiles.write(path, out -> write(out, array));
  }

  /**
   * Writes a {@code .npy} array to a stream.
   *
   * @param out the stream; not closed
   * @param array the array
   * @throws IOException when writing fails
   */
  public static void write(OutputStream out, NpyArray array) throws IOException {
    out.write(header(array));
    ByteBuffer data = array.data();
    byte[] chunk = new byte[Math.min(1 << 16, Math.max(1, data.remaining()))];
    while (data.hasRemaining()) {
      int n = Math.min(chunk.length, data.remaining());
      data.get(chunk, 0, n);
      out.write(chunk, 0, n);
    }
  }

  private static byte[] header(NpyArray array) {
    int[] shape = array.shape();
    StringBuilder dims = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      dims.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    if (shape.length == 1) {
      dims.append(',');
    }
    String dict =
        String.format(
            Locale.ROOT,
            "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }",
            array.dtype().descr(),
            dims);
    int prefix = 10;
    int total = prefix + dict.length() + 1;
    boolean v2 = total + 63 > 65535 + prefix;
    if (v2) {
      prefix = 12;
      total = prefix + dict.length() + 1;
    }
    int padded = (total + 63) / 64 * 64;
    int headerLength = padded - prefix;
    ByteBuffer b = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) (v2 ? 2 : 1)).put((byte) 0);
    if (v2) {
      b.putInt(headerLength);
    } else {
      b.putShort((short) headerLength);
    }
    b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
    while (b.position() < padded - 1) {
      b.put((byte) ' ');
    }
    b.put((byte) '\n');
    return b.array();
  }
}
