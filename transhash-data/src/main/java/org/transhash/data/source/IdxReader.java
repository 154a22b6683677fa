package org.transhash.data.source;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.transhash.api.io.CorruptFileException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a magic number {@code 0x0000080D}
 * (unsigned bytes, D dimensions), D big-endian dimension sizes, then the data. Files may be
 * gzip-compressed (detected by content, not by name).
 */
public final class IdxReader {
  private static final int UBYTE = 0x08;

  private IdxReader() {}

  /** The dimensions and bytes of an IDX file. */
  public record IdxArray(int[] dims, byte[] data) {}

  /**
   * Reads an unsigned-byte IDX file of the given rank.
   *
   * @param path the file, raw or gzip-compressed
   * @param rank expected number of dimensions (1 for labels, 3 for images)
   * @return dimensions and data
   * @throws IOException when the file is missing, truncated, has trailing bytes or a wrong magic
   *     number
   */
  public static IdxArray read(Path path, int rank) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
      try {
        return read(new DataInputStream(in), path, rank);
      } catch (java.util.zip.ZipException | java.io.EOFException e) {
        throw new CorruptFileException(path, -1, "corrupt gzip stream: " + e.getMessage());
      }
    }
  }

  private static IdxArray read(DataInputStream in, Path path, int rank) throws IOException {
    byte[] head = new byte[4];
    if (in.readNBytes(head, 0, 4) != 4) {
      throw new CorruptFileException(path, 0, "truncated: no IDX magic number");
    }
    int magic =
        ((head[0] & 0xFF) << 24)
            | ((head[1] & 0xFF) << 16)
            | ((head[2] & 0xFF) << 8)
            | (head[3] & 0xFF);
    int expected = (UBYTE << 8) | rank;
    if (magic != expected) {
      throw new CorruptFileException(
          path,
          0,
          String.format(
              "bad IDX magic number 0x%08x, expected 0x%08x (unsigned bytes, %d dimensions)",
              magic, expected, rank));
    }
    int[] dims = new int[rank];
    long total = 1;
    for (int d = 0; d < rank; d++) {
      byte[] b = new byte[4];
      if (in.readNBytes(b, 0, 4) != 4) {
        throw new CorruptFileException(path, 4 + 4L * d, "truncated header");
      }
      dims[d] =
          ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
      if (dims[d] < 0) {
        throw new CorruptFileException(path, 4 + 4L * d, "negative dimension " + dims[d]);
      }
      total *= dims[d];
    }
    long dataStart = 4 + 4L * rank;
    if (total > Integer.MAX_VALUE - 64) {
      throw new CorruptFileException(path, 4, "implausible size " + total);
    }
    byte[] data = new byte[(int) total];
    int got = in.readNBytes(data, 0, data.length);
    if (got != data.length) {
      throw new CorruptFileException(
          path,
          dataStart + got,
          "truncated: the header promises " + total + " data bytes, found " + got);
    }
    if (in.read() >= 0) {
      throw new CorruptFileException(
          path, dataStart + total, "trailing bytes after the " + total + " data bytes");
    }
    return new IdxArray(dims, data);
  }
}
