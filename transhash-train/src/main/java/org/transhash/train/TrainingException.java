package org.transhash.train;

import org.transhash.api.TransHashException;

/** Training cannot go on: a NaN or infinite loss, named with its epoch and step. */
public class TrainingException extends TransHashException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and where
   */
  public TrainingException(String message) {
    super(message);
  }
}
