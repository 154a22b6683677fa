package org.transhash.api.io;

import java.nio.file.Path;

/** A file that is damaged: wrong magic number, truncated, bad checksum, values out of range. */
public class CorruptFileException extends FileFormatException {
  private static final long serialVersionUID = 1L;

  /**
   * @param source the file that was read
   * @param offset the byte offset where the problem was found, or -1 if unknown
   * @param reason what was wrong
   */
  public CorruptFileException(String source, long offset, String reason) {
    super(source, offset, "offset", reason);
  }

  /**
   * @param path the file that was read
   * @param offset the byte offset where the problem was found, or -1 if unknown
   * @param reason what was wrong
   */
  public CorruptFileException(Path path, long offset, String reason) {
    this(describe(path), offset, reason);
  }

  /**
   * A problem found on a line of a text file.
   *
   * @param path the file that was read
   * @param line the 1-based line number
   * @param reason what was wrong
   * @return the exception
   */
  public static CorruptFileException atLine(Path path, long line, String reason) {
    return new CorruptFileException(describe(path), line, "line", reason);
  }

  private CorruptFileException(String source, long line, String kind, String reason) {
    super(source, line, kind, reason);
  }
}
