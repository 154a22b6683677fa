package org.transhash.train;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.transhash.api.io.CorruptFileException;

/**
 * Reads the JSON-lines log that {@link Trainer} writes (its {@code train.jsonl}): the end-of-epoch
 * lines, for learning curves. Step lines are skipped. A resumed run appends to the same log, so an
 * epoch may appear twice (logged, then redone after a crash before its checkpoint): the later line
 * wins.
 *
 * <pre>{@code
 * for (TrainingLog.Epoch e : TrainingLog.read(Path.of("demo-out/train.jsonl"))) {
 *   System.out.println(e.epoch() + " " + e.validationMap());
 * }
 * }</pre>
 */
public final class TrainingLog {
  private TrainingLog() {}

  /**
   * One epoch of a run.
   *
   * @param epoch the epoch (1-based)
   * @param meanLoss the mean training loss over its steps
   * @param validationMap the validation mAP after it, NaN for a run without validation
   * @param seconds training time from the start of the run to its end
   */
  public record Epoch(int epoch, double meanLoss, double validationMap, double seconds) {
    /** Whether the run measured validation mAP after this epoch. */
    public boolean validated() {
      return !Double.isNaN(validationMap);
    }
  }

  /**
   * Reads a training log.
   *
   * @param log a {@code train.jsonl} file
   * @return its epochs in order, each once
   * @throws java.nio.file.NoSuchFileException when the file is missing
   * @throws CorruptFileException naming the file and line when a line is not a log line
   */
  public static List<Epoch> read(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    TreeMap<Integer, Epoch> epochs = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      JsonObject o;
      try {
        o = JsonParser.parseString(line).getAsJsonObject();
      } catch (JsonParseException | IllegalStateException e) {
        throw CorruptFileException.atLine(log, i + 1, "not a JSON object: " + e.getMessage());
      }
      if (!o.has("mean_loss")) {
        continue; // a step line
      }
      try {
        Epoch epoch =
            new Epoch(
                required(o, "epoch").getAsInt(),
                number(required(o, "mean_loss")),
                o.has("validation_map") ? number(o.get("validation_map")) : Double.NaN,
                number(required(o, "seconds")));
        if (epoch.epoch() < 1) {
          throw new IllegalStateException("epoch " + epoch.epoch() + " is not positive");
        }
        epochs.put(epoch.epoch(), epoch);
      } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
        throw CorruptFileException.atLine(
            log,
            i + 1,
            "an epoch line needs numbers epoch, mean_loss and seconds"
                + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
      }
    }
    return List.copyOf(epochs.values());
  }

  private static JsonElement required(JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (e == null) {
      throw new IllegalStateException(key + " is missing");
    }
    return e;
  }

  /** A number, or NaN for JSON null (the log writes non-finite values as null). */
  private static double number(JsonElement e) {
    return e.isJsonNull() ? Double.NaN : e.getAsDouble();
  }
}
