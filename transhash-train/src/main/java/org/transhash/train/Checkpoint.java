package org.transhash.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.transhash.api.io.AtomicFiles;
import org.transhash.api.io.CorruptFileException;
import org.transhash.api.io.Json;
import org.transhash.backbone.vit.VitWeights;

/**
 * The state of a training run at the end of an epoch, in a folder {@code epoch-NNN} of the
 * checkpoint folder: {@code weights.safetensors} (model and loss parameters), {@code
 * optimizer.safetensors} (momenta) and {@code state.json} (counters, losses, validation). A folder
 * is written as {@code epoch-NNN.tmp} and renamed when complete, so a crash never leaves a
 * half-written checkpoint under the final name; the two newest are kept.
 *
 * @param epoch epochs completed (1-based)
 * @param step steps completed
 * @param totalSteps the length of the learning-rate schedule
 * @param budgeted whether a time budget set that length (a resumed run keeps it; otherwise the
 *     length follows the resumed run's epochs)
 * @param epochLosses mean loss of every epoch so far
 * @param validationMaps validation mAP of every epoch so far (empty without validation)
 * @param validationStandardErrors the standard error of each of those (empty in checkpoints written
 *     before it was recorded)
 * @param keptEpoch the epoch whose weights the folder's {@code best.safetensors} holds (0: none; -1
 *     in checkpoints written before it was recorded, when the best validation mAP tells)
 * @param seconds training time so far
 */
record Checkpoint(
    int epoch,
    int step,
    int totalSteps,
    boolean budgeted,
    List<Double> epochLosses,
    List<Double> validationMaps,
    List<Double> validationStandardErrors,
    int keptEpoch,
    double seconds) {
  private static final Pattern NAME = Pattern.compile("epoch-(\\d{3,})");
  private static final int KEEP = 2;
  static final String WEIGHTS = "weights.safetensors";
  static final String OPTIMIZER = "optimizer.safetensors";
  static final String STATE = "state.json";

  Checkpoint {
    epochLosses = List.copyOf(epochLosses);
    validationMaps = List.copyOf(validationMaps);
    validationStandardErrors = List.copyOf(validationStandardErrors);
  }

  /**
   * Writes this checkpoint with the given tensors and drops the older ones (the two newest stay).
   *
   * @param folder the checkpoint folder
   * @param weights the trainable state by name
   * @param optimizerState the optimiser's state by name
   * @return the checkpoint's folder
   */
  Path write(Path folder, Map<String, NDArray> weights, Map<String, NDArray> optimizerState)
      throws IOException {
    Files.createDirectories(folder);
    Path done = folder.resolve(String.format("epoch-%03d", epoch));
    Path temporary = folder.resolve(done.getFileName() + ".tmp");
    deleteTree(temporary);
    Files.createDirectories(temporary);
    VitWeights.saveTensors(weights, temporary.resolve(WEIGHTS));
    VitWeights.saveTensors(optimizerState, temporary.resolve(OPTIMIZER));
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("format", "transhash-checkpoint");
    state.put("version", 1);
    state.put("epoch", epoch);
    state.put("step", step);
    state.put("total_steps", totalSteps);
    state.put("budgeted", budgeted);
    state.put("epoch_losses", epochLosses);
    state.put("validation_maps", validationMaps);
    state.put("validation_standard_errors", validationStandardErrors);
    state.put("kept_epoch", keptEpoch);
    state.put("seconds", seconds);
    AtomicFiles.write(
        temporary.resolve(STATE),
        out -> out.write(Json.write(state).getBytes(StandardCharsets.UTF_8)));
    deleteTree(done);
    try {
      Files.move(temporary, done, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, done);
    }
    List<Path> all = list(folder);
    for (int i = 0; i < all.size() - KEEP; i++) {
      deleteTree(all.get(i));
    }
    return done;
  }

  /**
   * Removes a folder's checkpoints and its kept epoch's weights: what a run that starts afresh
   * there does first, so that it neither keeps nor prunes by an earlier run's epochs.
   *
   * @param folder the checkpoint folder
   * @return how many checkpoints were removed
   */
  static int clear(Path folder) throws IOException {
    List<Path> all = list(folder);
    for (Path p : all) {
      deleteTree(p);
    }
    Files.deleteIfExists(folder.resolve(KeptWeights.FILE));
    return all.size();
  }

  /**
   * The newest complete checkpoint of a folder.
   *
   * @param folder the checkpoint folder
   * @return its folder, or empty when there is none
   */
  static Optional<Path> latest(Path folder) throws IOException {
    List<Path> all = list(folder);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * Reads a checkpoint's state.json.
   *
   * @param checkpoint an {@code epoch-NNN} folder
   * @return the counters and curves
   * @throws CorruptFileException naming the file when it is not a checkpoint state
   */
  static Checkpoint read(Path checkpoint) throws IOException {
    Path file = checkpoint.resolve(STATE);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "the checkpoint has no state");
    }
    try {
      JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
      if (!"transhash-checkpoint".equals(o.get("format").getAsString())) {
        throw new CorruptFileException(file, -1, "not a TransHash checkpoint state");
      }
      return new Checkpoint(
          o.get("epoch").getAsInt(),
          o.get("step").getAsInt(),
          o.get("total_steps").getAsInt(),
          o.get("budgeted").getAsBoolean(),
          doubles(o, "epoch_losses"),
          doubles(o, "validation_maps"),
          o.has("validation_standard_errors")
              ? doubles(o, "validation_standard_errors")
              : List.of(),
          o.has("kept_epoch") ? o.get("kept_epoch").getAsInt() : -1,
          o.get("seconds").getAsDouble());
    } catch (JsonParseException | IllegalStateException | NullPointerException e) {
      throw new CorruptFileException(file, -1, "unreadable checkpoint state: " + e.getMessage());
    }
  }

  /** Reads a checkpoint's tensors into the given manager. */
  static Map<String, NDArray> tensors(Path checkpoint, String file, NDManager manager)
      throws IOException {
    return VitWeights.readTensors(checkpoint.resolve(file), manager);
  }

  private static List<Double> doubles(JsonObject o, String key) {
    List<Double> out = new ArrayList<>();
    for (JsonElement e : o.getAsJsonArray(key)) {
      out.add(e.isJsonNull() ? Double.NaN : e.getAsDouble());
    }
    return out;
  }

  private static List<Path> list(Path folder) throws IOException {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return found;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path p : entries) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (m.matches() && Files.isRegularFile(p.resolve(STATE))) {
          found.add(p);
        }
      }
    }
    found.sort(
        Comparator.comparingInt(
            p -> Integer.parseInt(p.getFileName().toString().substring("epoch-".length()))));
    return found;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
