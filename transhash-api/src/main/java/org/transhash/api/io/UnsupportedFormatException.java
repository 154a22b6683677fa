package org.transhash.api.io;

import java.nio.file.Path;

/**
 * A well-formed file that uses something this version does not support: an unknown dtype, Fortran
 * order, a format version that is too old or too new.
 */
public class UnsupportedFormatException extends FileFormatException {
  private static final long serialVersionUID = 1L;

  /**
   * @param path the file that was read
   * @param offset the byte offset of the unsupported field, or -1 if unknown
   * @param reason what is not supported and what is
   */
  public UnsupportedFormatException(Path path, long offset, String reason) {
    super(describe(path), offset, "offset", reason);
  }
}
