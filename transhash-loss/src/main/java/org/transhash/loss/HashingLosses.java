package org.transhash.loss;

import java.util.List;
import org.transhash.api.HashingLoss;
import org.transhash.api.InvalidInputException;
import org.transhash.api.UnknownNameException;

/** The built-in losses by name, with their papers' defaults, for code that does not use Guice. */
public final class HashingLosses {
  private HashingLosses() {}

  /** Names of the built-in losses. */
  public static List<String> names() {
    return List.of(
        TransHashLoss.NAME,
        DchLoss.NAME,
        DpshLoss.NAME,
        HashNetLoss.NAME,
        DshLoss.NAME,
        DhnLoss.NAME);
  }

  /**
   * A built-in loss with its defaults.
   *
   * @param name for example {@code "transhash"} or {@code "dch"}
   * @return the loss
   * @throws UnknownNameException listing the known names
   */
  public static HashingLoss byName(String name) {
    return switch (name) {
      case TransHashLoss.NAME -> TransHashLoss.builder().build();
      case DchLoss.NAME -> new DchLoss();
      case DpshLoss.NAME -> new DpshLoss();
      case HashNetLoss.NAME -> new HashNetLoss();
      case DshLoss.NAME -> new DshLoss();
      case DhnLoss.NAME -> new DhnLoss();
      case IdhnLoss.NAME -> new IdhnLoss();
      case CsqLoss.NAME -> new CsqLoss();
      case DtshLoss.NAME -> new DtshLoss();
      case OrthoHashLoss.NAME -> new OrthoHashLoss();
      case GreedyHashLoss.NAME ->
          throw new InvalidInputException(
              "greedyhash trains a classifier: create it with new GreedyHashLoss(classes)");
      default -> throw new UnknownNameException("loss", name, names());
    };
  }
}
