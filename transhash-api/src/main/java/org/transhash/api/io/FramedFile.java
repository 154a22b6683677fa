package org.transhash.api.io;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The frame around every binary file this project writes (after Lucene's {@code CodecUtil}): a
 * header with a magic number, the format's name and its version; the payload; a footer with a
 * second magic number and a CRC32C of everything before the checksum. Readers check all of it
 * before they look at the payload, so a truncated, corrupt, foreign, too old or too new file is
 * refused with a message that says which.
 *
 * <pre>
 * int    0x54485348 ("THSH")
 * short  length of the format name, then its UTF-8 bytes
 * int    format version
 * ...    payload (big-endian)
 * int    ~0x54485348
 * long   CRC32C of all preceding bytes
 * </pre>
 */
public final class FramedFile {
  /** First four bytes of every file: "THSH". */
  public static final int MAGIC = 0x54485348;

  /** Start of the footer. */
  public static final int FOOTER_MAGIC = ~MAGIC;

  /** Bytes in the footer: magic and checksum. */
  public static final int FOOTER_LENGTH = 12;

  private FramedFile() {}

  /** Writes a file's payload. */
  @FunctionalInterface
  public interface PayloadWriter {
    /**
     * @param out the stream to write the payload to; not to be closed
     * @throws IOException when writing fails
     */
    void write(DataOutputStream out) throws IOException;
  }

  /** Reads a payload, turning a read past its end into a corrupt-file error. */
  @FunctionalInterface
  public interface PayloadReader<T> {
    /**
     * @param payload the verified payload
     * @return what was read
     * @throws IOException when the payload is invalid
     */
    T read(Payload payload) throws IOException;
  }

  /**
   * Writes a framed file atomically.
   *
   * @param path the file
   * @param format the format's name, for example {@code "transhash-split"}
   * @param version the format version
   * @param payload writes the payload
   * @throws IOException when writing fails; an existing file is left as it was
   */
  public static void write(Path path, String format, int version, PayloadWriter payload)
      throws IOException {
    AtomicFiles.write(path, out -> write(out, format, version, payload));
  }

  /**
   * Writes a framed file to a stream.
   *
   * @param out the stream; not closed
   * @param format the format's name
   * @param version the format version
   * @param payload writes the payload
   * @throws IOException when writing fails
   */
  public static void write(OutputStream out, String format, int version, PayloadWriter payload)
      throws IOException {
    CRC32C crc = new CRC32C();
    DataOutputStream data = new DataOutputStream(new CheckedOutputStream(out, crc));
    data.writeInt(MAGIC);
    byte[] name = format.getBytes(StandardCharsets.UTF_8);
    data.writeShort(name.length);
    data.write(name);
    data.writeInt(version);
    payload.write(data);
    data.writeInt(FOOTER_MAGIC);
    data.flush();
    new DataOutputStream(out).writeLong(crc.getValue());
    out.flush();
  }

  /**
   * Reads and verifies a framed file. The file is memory-mapped (in chunks of at most 1 GiB, so
   * files over 2 GiB work too), its checksum checked, then the payload handed to {@code reader}.
   *
   * @param path the file
   * @param format the expected format name
   * @param minVersion the oldest version this code reads
   * @param maxVersion the newest version this code reads
   * @param reader reads the payload
   * @param <T> what the payload holds
   * @return what the reader returned
   * @throws IOException when the file is missing, corrupt, of another format or of an unsupported
   *     version
   */
  public static <T> T read(
      Path path, String format, int minVersion, int maxVersion, PayloadReader<T> reader)
      throws IOException {
    return read(path, format, minVersion, maxVersion, reader, DEFAULT_CHUNK);
  }

  static final int DEFAULT_CHUNK = 1 << 30;

  static <T> T read(
      Path path,
      String format,
      int minVersion,
      int maxVersion,
      PayloadReader<T> reader,
      int chunkSize)
      throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      int count = (int) ((size + chunkSize - 1) / chunkSize);
      ByteBuffer[] chunks = new ByteBuffer[Math.max(1, count)];
      if (size == 0) {
        chunks[0] = ByteBuffer.allocate(0);
      }
      for (int c = 0; c < count; c++) {
        long start = (long) c * chunkSize;
        chunks[c] =
            channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(chunkSize, size - start));
      }
      Payload payload =
          verify(new Payload(path, chunks, chunkSize, size), format, minVersion, maxVersion);
      try {
        return reader.read(payload);
      } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
        throw payload.corrupt("payload ends early");
      }
    }
  }

  private static Payload verify(Payload p, String format, int minVersion, int maxVersion)
      throws IOException {
    Path path = p.path;
    long length = p.fileLength;
    if (length < 4 || p.intAt(0) != MAGIC) {
      throw new CorruptFileException(path, 0, "not a TransHash file: bad magic number");
    }
    if (length < 10 + FOOTER_LENGTH) {
      throw new CorruptFileException(path, length, "truncated: too short for header and footer");
    }
    int nameLength = Short.toUnsignedInt((short) ((p.byteAt(4) << 8) | (p.byteAt(5) & 0xFF)));
    if (6 + nameLength + 4 + FOOTER_LENGTH > length) {
      throw new CorruptFileException(path, 4, "truncated or corrupt header");
    }
    byte[] name = new byte[nameLength];
    for (int i = 0; i < nameLength; i++) {
      name[i] = p.byteAt(6 + i);
    }
    String actual = new String(name, StandardCharsets.UTF_8);
    if (!actual.equals(format)) {
      throw new CorruptFileException(
          path, 6, "expected a '" + format + "' file, found a '" + actual + "' file");
    }
    long versionOffset = 6 + nameLength;
    int version = p.intAt(versionOffset);
    long footer = length - FOOTER_LENGTH;
    if (p.intAt(footer) != FOOTER_MAGIC) {
      throw new CorruptFileException(
          path, footer, "truncated or corrupt: footer magic number not found at the end");
    }
    CRC32C crc = new CRC32C();
    p.updateChecksum(crc, footer + 4);
    long stored = p.longAt(footer + 4);
    if (stored != crc.getValue()) {
      throw new CorruptFileException(
          path,
          footer + 4,
          String.format("checksum mismatch: stored %08x, computed %08x", stored, crc.getValue()));
    }
    String range = "this code reads " + minVersion + ".." + maxVersion;
    if (version < minVersion) {
      throw new UnsupportedFormatException(
          path, versionOffset, "format version " + version + " is too old: " + range);
    }
    if (version > maxVersion) {
      throw new UnsupportedFormatException(
          path,
          versionOffset,
          "format version " + version + " is too new: " + range + "; upgrade TransHash");
    }
    p.version = version;
    p.position = versionOffset + 4;
    p.end = footer;
    return p;
  }

  /**
   * The verified payload of a file, read sequentially across its mapped chunks (big-endian), with
   * the format version the file was written in.
   */
  public static final class Payload {
    private final Path path;
    private final ByteBuffer[] chunks;
    private final int chunkSize;
    private final long fileLength;
    private int version;
    private long position;
    private long end;

    private Payload(Path path, ByteBuffer[] chunks, int chunkSize, long fileLength) {
      this.path = path;
      this.chunks = chunks;
      this.chunkSize = chunkSize;
      this.fileLength = fileLength;
    }

    /** The file. */
    public Path path() {
      return path;
    }

    /** The format version the file was written in. */
    public int version() {
      return version;
    }

    /** Bytes of payload not yet read. */
    public long remaining() {
      return end - position;
    }

    private byte byteAt(long offset) {
      return chunks[(int) (offset / chunkSize)].get((int) (offset % chunkSize));
    }

    private int intAt(long offset) {
      int v = 0;
      for (int i = 0; i < 4; i++) {
        v = (v << 8) | (byteAt(offset + i) & 0xFF);
      }
      return v;
    }

    private long longAt(long offset) {
      return ((long) intAt(offset) << 32) | (intAt(offset + 4) & 0xFFFFFFFFL);
    }

    private void updateChecksum(CRC32C crc, long upTo) {
      for (int c = 0; c < chunks.length && (long) c * chunkSize < upTo; c++) {
        ByteBuffer b = chunks[c].duplicate();
        b.position(0).limit((int) Math.min(b.limit(), upTo - (long) c * chunkSize));
        crc.update(b);
      }
    }

    private long advance(long bytes) throws CorruptFileException {
      if (bytes < 0 || bytes > remaining()) {
        throw corrupt("payload ends early: " + bytes + " bytes needed, " + remaining() + " left");
      }
      long at = position;
      position += bytes;
      return at;
    }

    /** Reads a big-endian int. */
    public int readInt() throws CorruptFileException {
      return intAt(advance(4));
    }

    /** Reads a big-endian long. */
    public long readLong() throws CorruptFileException {
      return longAt(advance(8));
    }

    /** Reads a string written by {@link java.io.DataOutput#writeUTF} (ASCII-compatible). */
    public String readUtf() throws IOException {
      long at = advance(2);
      int length = ((byteAt(at) & 0xFF) << 8) | (byteAt(at + 1) & 0xFF);
      long start = advance(length);
      byte[] bytes = new byte[length];
      for (int i = 0; i < length; i++) {
        bytes[i] = byteAt(start + i);
      }
      try {
        return new java.io.DataInputStream(
                new java.io.ByteArrayInputStream(
                    ByteBuffer.allocate(2 + length).putShort((short) length).put(bytes).array()))
            .readUTF();
      } catch (java.io.UTFDataFormatException e) {
        throw new CorruptFileException(path, start, "malformed string");
      }
    }

    /**
     * Reads big-endian ints.
     *
     * @param dst destination
     * @param offset first index written
     * @param count number of ints
     */
    public void readInts(int[] dst, int offset, int count) throws CorruptFileException {
      long at = advance(4L * count);
      for (int i = 0; i < count; ) {
        long pos = at + 4L * i;
        int c = (int) (pos / chunkSize);
        int inChunk = (int) (pos % chunkSize);
        int fit = Math.min(count - i, (chunks[c].limit() - inChunk) / 4);
        if (fit == 0) {
          dst[offset + i++] = intAt(pos);
          continue;
        }
        chunks[c]
            .slice(inChunk, fit * 4)
            .order(ByteOrder.BIG_ENDIAN)
            .asIntBuffer()
            .get(dst, offset + i, fit);
        i += fit;
      }
    }

    /**
     * Reads big-endian longs.
     *
     * @param dst destination
     * @param offset first index written
     * @param count number of longs
     */
    public void readLongs(long[] dst, int offset, int count) throws CorruptFileException {
      long at = advance(8L * count);
      for (int i = 0; i < count; ) {
        long pos = at + 8L * i;
        int c = (int) (pos / chunkSize);
        int inChunk = (int) (pos % chunkSize);
        int fit = Math.min(count - i, (chunks[c].limit() - inChunk) / 8);
        if (fit == 0) {
          dst[offset + i++] = longAt(pos);
          continue;
        }
        chunks[c]
            .slice(inChunk, fit * 8)
            .order(ByteOrder.BIG_ENDIAN)
            .asLongBuffer()
            .get(dst, offset + i, fit);
        i += fit;
      }
    }

    /**
     * A corrupt-file exception at the current position.
     *
     * @param reason what was wrong
     * @return the exception to throw
     */
    public CorruptFileException corrupt(String reason) {
      return new CorruptFileException(path, position, reason);
    }

    /**
     * Checks that the whole payload was consumed.
     *
     * @throws CorruptFileException when bytes are left
     */
    public void expectEnd() throws CorruptFileException {
      if (remaining() != 0) {
        throw corrupt(remaining() + " unexpected bytes at the end of the payload");
      }
    }
  }
}
