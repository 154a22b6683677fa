package org.transhash.api;

/**
 * Base of the unchecked exceptions that TransHash throws for bad arguments, bad configuration or
 * bad data given through the API. Problems found while reading a file are {@link
 * org.transhash.api.io.FileFormatException}s instead, which are {@link java.io.IOException}s.
 */
public class TransHashException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was wrong, naming the bad value and what is allowed
   */
  public TransHashException(String message) {
    super(message);
  }

  /**
   * @param message what was wrong
   * @param cause the underlying failure
   */
  public TransHashException(String message, Throwable cause) {
    super(message, cause);
  }
}
