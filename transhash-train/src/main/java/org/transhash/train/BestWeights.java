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
 * The weights of the epoch with the best validation mAP so far: in {@code best.safetensors} of the
 * checkpoint folder when there is one (so a resumed run still knows them), in memory otherwise.
 * Ties go to the later epoch.
 */
final class BestWeights implements AutoCloseable {
  static final String FILE = "best.safetensors";
  private final Path folder;
  private final NDManager copies;
  private final Map<String, NDArray> inMemory = new HashMap<>();
  private double bestMap = Double.NEGATIVE_INFINITY;
  private int bestEpoch;
  private int lastEpoch;

  /**
   * @param folder the checkpoint folder, or null to keep the copy in memory
   * @param history validation mAP of the epochs already done (a resumed run)
   * @param manager the long-lived manager, parent of the in-memory copy's
   */
  BestWeights(Path folder, List<Double> history, NDManager manager) {
    this.folder = folder;
    this.copies = manager.newSubManager();
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i) >= bestMap) {
        bestMap = history.get(i);
        bestEpoch = i + 1;
      }
    }
    lastEpoch = history.size();
  }

  /** Records an epoch's validation mAP and keeps its weights when it is the best so far. */
  void offer(double map, int epoch, Map<String, Parameter> parameters) throws IOException {
    lastEpoch = epoch;
    if (!(map >= bestMap)) {
      return;
    }
    bestMap = map;
    bestEpoch = epoch;
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

  /**
   * Puts the best epoch's weights back into the parameters (nothing to do when the last epoch was
   * the best).
   *
   * @return the best epoch (1-based)
   */
  int restoreInto(Map<String, Parameter> parameters) throws IOException {
    if (bestEpoch == lastEpoch || bestEpoch == 0) {
      return lastEpoch;
    }
    Map<String, NDArray> saved = inMemory;
    if (folder != null) {
      Path file = folder.resolve(FILE);
      if (!Files.isRegularFile(file)) {
        throw new NoSuchFileException(file.toString(), null, "the best epoch's weights are gone");
      }
      saved = VitWeights.readTensors(file, copies);
    }
    for (var e : parameters.entrySet()) {
      NDArray value = saved.get(e.getKey());
      if (value == null) {
        throw new TrainingException("the best epoch's weights lack " + e.getKey());
      }
      e.getValue().getArray().set(value.toByteBuffer());
    }
    return bestEpoch;
  }

  @Override
  public void close() {
    copies.close();
  }
}
