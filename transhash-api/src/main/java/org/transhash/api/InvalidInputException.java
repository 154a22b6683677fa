package org.transhash.api;

/**
 * Thrown when a value, shape or configuration is outside what is allowed: NaN outputs, shapes that
 * disagree, bit lengths out of range, label ids out of range. The message names the bad value and
 * the allowed range.
 */
public class InvalidInputException extends TransHashException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was wrong, naming the bad value and what is allowed
   */
  public InvalidInputException(String message) {
    super(message);
  }

  /**
   * Checks a condition on an argument.
   *
   * @param condition must be true
   * @param format message format for {@link String#format} when the condition fails
   * @param args arguments of the message
   * @throws InvalidInputException when {@code condition} is false
   */
  public static void check(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new InvalidInputException(String.format(java.util.Locale.ROOT, format, args));
    }
  }
}
