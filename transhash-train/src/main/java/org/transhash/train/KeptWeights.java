package org.transhash.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transhash.backbone.vit.VitWeights;

/**
 * The weights of the epoch an {@link EpochSelection} keeps so far: in {@code best.safetensors} of
 * the checkpoint folder when there is one (so a resumed run still knows them), in memory otherwise.
 */
final class KeptWeights implements AutoCloseable {
  static final String FILE = "best.safetensors";
  private final Path folder;
  private final EpochSelection selection;
  private final NDManager copies;
  private final Map<String, NDArray> inMemory = new HashMap<>();
  private double bestMap = Double.NEGATIVE_INFINITY;
  private double bestStandardError = Double.NaN;
  private int keptEpoch;
  private int lastEpoch;

  /**
   * @param folder the checkpoint folder, or null to keep the copy in memory
   * @param selection the rule that decides which epoch is kept
   * @param maps validation mAP of the epochs already done (a resumed run)
   * @param standardErrors their standard errors, one per mAP (NaN where unknown: it counts as 0)
   * @param keptEpoch the epoch whose weights the folder holds, or -1 to let the rule tell from the
   *     history (what a checkpoint written before the rule was recorded gives)
   * @param manager the long-lived manager, parent of the in-memory copy's
   */
  KeptWeights(
      Path folder,
      EpochSelection selection,
      List<Double> maps,
      List<Double> standardErrors,
      int keptEpoch,
      NDManager manager) {
    this.folder = folder;
    this.selection = selection;
    this.copies = manager.newSubManager();
    for (int i = 0; i < maps.size(); i++) {
      record(maps.get(i), standardErrors.get(i), i + 1);
    }
    if (keptEpoch >= 0) {
      this.keptEpoch = keptEpoch; // the weights on disk are that epoch's, whichever rule chose it
    }
  }

  /** The epoch kept so far (0: none). */
  int keptEpoch() {
    return keptEpoch;
  }

  /**
   * Records an epoch's validation mAP and keeps its weights when the rule keeps the epoch.
   *
   * @param map the epoch's validation mAP
   * @param standardError its standard error
   * @param epoch the epoch (1-based)
   * @param parameters the model's weights now
   */
  void offer(double map, double standardError, int epoch, Map<String, Parameter> parameters)
      throws IOException {
    if (!record(map, standardError, epoch)) {
      return;
    }
    Map<String, NDArray> current = new LinkedHashMap<>();
    parameters.forEach((k, v) -> current.put(k, v.getArray()));
    if (folder != null) {
      Files.createDirectories(folder);
      VitWeights.saveTensors(current, folder.resolve(FILE));
      return;
    }
    inMemory.values().forEach(NDArray::close);
    inMemory.clear();
    current.forEach(
        (k, v) -> {
          NDArray copy = v.duplicate();
          copy.attach(copies);
          inMemory.put(k, copy);
        });
  }

  /** Updates the counters; true when the epoch is now the kept one. */
  private boolean record(double map, double standardError, int epoch) {
    lastEpoch = epoch;
    boolean keep = selection.keeps(map, bestMap, bestStandardError);
    if (map >= bestMap) {
      bestMap = map;
      bestStandardError = standardError;
    }
    if (keep) {
      keptEpoch = epoch;
    }
    return keep;
  }

  /**
   * Puts the kept epoch's weights back into the parameters (nothing to do when the last epoch is
   * the kept one).
   *
   * @return the kept epoch (1-based)
   */
  int restoreInto(Map<String, Parameter> parameters) throws IOException {
    if (keptEpoch == lastEpoch || keptEpoch == 0) {
      return lastEpoch;
    }
    Map<String, NDArray> saved = inMemory;
    if (folder != null) {
      Path file = folder.resolve(FILE);
      if (!Files.isRegularFile(file)) {
        throw new NoSuchFileException(file.toString(), null, "the kept epoch's weights are gone");
      }
      saved = VitWeights.readTensors(file, copies);
    }
    for (var e : parameters.entrySet()) {
      NDArray value = saved.get(e.getKey());
      if (value == null) {
        throw new TrainingException("the kept epoch's weights lack " + e.getKey());
      }
      e.getValue().getArray().set(value.toByteBuffer());
    }
    return keptEpoch;
  }

  @Override
  public void close() {
    copies.close();
  }
}
