package org.transhash.api.io;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /** The verified payload of a file, with the version it was written in. */
  public record Payload(Path path, int version, ByteBuffer buffer, long payloadOffset) {
    /**
     * A corrupt-file exception at the buffer's current position.
     *
     * @param reason what was wrong
     * @return the exception to throw
     */
    public CorruptFileException corrupt(String reason) {
      return new CorruptFileException(path, payloadOffset + buffer.position(), reason);
    }

    /**
     * Checks that the whole payload was consumed.
     *
     * @throws CorruptFileException when bytes are left
     */
    public void expectEnd() throws CorruptFileException {
      if (buffer.hasRemaining()) {
        throw corrupt(buffer.remaining() + " unexpected bytes at the end of the payload");
      }
    }
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
   * Reads and verifies a whole framed file.
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
    Payload payload =
        verify(ByteBuffer.wrap(Files.readAllBytes(path)), path, format, minVersion, maxVersion);
    try {
      return reader.read(payload);
    } catch (BufferUnderflowException e) {
      throw payload.corrupt("payload ends early");
    }
  }

  /**
   * Verifies the frame of a file held in a buffer (for example memory-mapped) and returns its
   * payload.
   *
   * @param whole the whole file, from position 0 to its limit
   * @param path the file, for messages
   * @param format the expected format name
   * @param minVersion the oldest version this code reads
   * @param maxVersion the newest version this code reads
   * @return the payload, a slice of {@code whole}
   * @throws IOException when the frame is invalid
   */
  public static Payload verify(
      ByteBuffer whole, Path path, String format, int minVersion, int maxVersion)
      throws IOException {
    ByteBuffer b = whole.duplicate();
    long length = b.limit();
    if (length < 4 || b.getInt(0) != MAGIC) {
      throw new CorruptFileException(path, 0, "not a TransHash file: bad magic number");
    }
    if (length < 10 + FOOTER_LENGTH) {
      throw new CorruptFileException(path, length, "truncated: too short for header and footer");
    }
    int nameLength = Short.toUnsignedInt(b.getShort(4));
    if (6 + nameLength + 4 + FOOTER_LENGTH > length) {
      throw new CorruptFileException(path, 4, "truncated or corrupt header");
    }
    byte[] name = new byte[nameLength];
    b.position(6);
    b.get(name);
    String actual = new String(name, StandardCharsets.UTF_8);
    if (!actual.equals(format)) {
      throw new CorruptFileException(
          path, 6, "expected a '" + format + "' file, found a '" + actual + "' file");
    }
    int versionOffset = 6 + nameLength;
    int version = b.getInt(versionOffset);
    int footer = (int) (length - FOOTER_LENGTH);
    if (b.getInt(footer) != FOOTER_MAGIC) {
      throw new CorruptFileException(
          path, footer, "truncated or corrupt: footer magic number not found at the end");
    }
    CRC32C crc = new CRC32C();
    ByteBuffer covered = whole.duplicate();
    covered.position(0).limit(footer + 4);
    crc.update(covered);
    long stored = b.getLong(footer + 4);
    if (stored != crc.getValue()) {
      throw new CorruptFileException(
          path,
          footer + 4,
          String.format("checksum mismatch: stored %08x, computed %08x", stored, crc.getValue()));
    }
    if (version < minVersion) {
      throw new UnsupportedFormatException(
          path,
          versionOffset,
          "format version "
              + version
              + " is too old: this code reads "
              + minVersion
              + ".."
              + maxVersion);
    }
    if (version > maxVersion) {
      throw new UnsupportedFormatException(
          path,
          versionOffset,
          "format version "
              + version
              + " is too new: this code reads "
              + minVersion
              + ".."
              + maxVersion
              + "; upgrade TransHash");
    }
    int payloadStart = versionOffset + 4;
    ByteBuffer payload = whole.duplicate();
    payload.position(payloadStart).limit(footer);
    return new Payload(path, version, payload.slice(), payloadStart);
  }
}
