package org.transhash.api.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that cannot be read as the format it claims to be. The message names the file and the byte
 * offset (or line) where the problem was found.
 */
public class FileFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long position;

  /**
   * @param source the file (or other source) that was read
   * @param position the byte offset or line number where the problem was found, or -1 if unknown
   * @param positionKind "offset" or "line"
   * @param reason what was wrong
   */
  protected FileFormatException(String source, long position, String positionKind, String reason) {
    super(
        source + (position >= 0 ? " (" + positionKind + " " + position + ")" : "") + ": " + reason);
    this.source = source;
    this.position = position;
  }

  /** The file (or other source) that was read. */
  public String source() {
    return source;
  }

  /** The byte offset or line number where the problem was found, or -1 if unknown. */
  public long position() {
    return position;
  }

  static String describe(Path path) {
    return path == null ? "<stream>" : path.toString();
  }
}
