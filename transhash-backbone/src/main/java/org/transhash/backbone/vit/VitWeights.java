package org.transhash.backbone.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.transhash.api.InvalidInputException;
import org.transhash.api.io.AtomicFiles;
import org.transhash.api.io.CorruptFileException;

/**
 * Saves and loads a network's weights as {@code .safetensors} (or reads {@code .npz}), by parameter
 * name as DJL composes it ({@code blocks_0_q_weight}, {@code cls_token}, ...). Loading reports
 * every unknown, missing and mismatched tensor by name and fails unless partial loads are allowed.
 * (Reading timm and Google ViT checkpoints, with their own names and fused q/k/v, is still to come:
 * see the backbone issue's notes.)
 *
 * <pre>{@code
 * VitWeights.save(model.block(), Path.of("model.safetensors"));
 * VitWeights.load(fresh.block(), Path.of("model.safetensors"), manager, false);
 * }</pre>
 */
public final class VitWeights {
  private VitWeights() {}

  /** What a load matched and what it did not. */
  public record LoadReport(
      List<String> loaded, List<String> missing, List<String> unknown, List<String> mismatched) {
    /** True when every parameter was loaded and nothing was left over. */
    public boolean complete() {
      return missing.isEmpty() && unknown.isEmpty() && mismatched.isEmpty();
    }
  }

  /**
   * Reads every tensor of a .safetensors or .npz file, by name.
   *
   * @param path the file
   * @param manager the manager to decode with
   * @return name to tensor, in file order
   * @throws IOException when the file cannot be read or decoded
   */
  public static Map<String, NDArray> readTensors(Path path, NDManager manager) throws IOException {
    NDList tensors;
    try (InputStream in = Files.newInputStream(path)) {
      tensors = NDList.decode(manager, in);
    } catch (RuntimeException e) {
      throw new CorruptFileException(
          path, -1, "not a readable .safetensors/.npz file: " + e.getMessage());
    }
    Map<String, NDArray> byName = new LinkedHashMap<>();
    for (NDArray t : tensors) {
      byName.put(t.getName(), t);
    }
    return byName;
  }

  /**
   * Writes named tensors as safetensors, atomically (the arrays are copied, not renamed).
   *
   * @param tensors name to tensor
   * @param path the file
   * @throws IOException when writing fails
   */
  public static void saveTensors(Map<String, NDArray> tensors, Path path) throws IOException {
    NDList list = new NDList();
    for (var entry : tensors.entrySet()) {
      NDArray array = entry.getValue().duplicate();
      array.setName(entry.getKey());
      list.add(array);
    }
    try {
      AtomicFiles.write(path, out -> list.encode(out, NDList.Encoding.SAFETENSORS));
    } finally {
      list.close();
    }
  }

  /**
   * Writes every parameter of an initialised block as safetensors, atomically.
   *
   * @param block an initialised block
   * @param path the file
   * @throws IOException when writing fails
   */
  public static void save(Block block, Path path) throws IOException {
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    for (var entry : block.getParameters()) {
      tensors.put(entry.getKey(), entry.getValue().getArray());
    }
    saveTensors(tensors, path);
  }

  /**
   * Loads weights by name into an initialised block.
   *
   * @param block an initialised block
   * @param path a .safetensors or .npz file
   * @param manager the manager to decode with
   * @param allowPartial load what matches instead of failing when tensors are missing, unknown or
   *     of another shape
   * @return what was loaded and what was not
   * @throws IOException when the file cannot be read, or (without allowPartial) does not match
   */
  public static LoadReport load(Block block, Path path, NDManager manager, boolean allowPartial)
      throws IOException {
    return load(block, readTensors(path, manager), path.toString(), allowPartial);
  }

  /**
   * Loads named tensors (as {@link #readTensors} gives them) into an initialised block.
   *
   * @param block an initialised block
   * @param byName name to tensor
   * @param source where the tensors come from, for the error message
   * @param allowPartial load what matches instead of failing when tensors are missing, unknown or
   *     of another shape
   * @return what was loaded and what was not
   * @throws InvalidInputException (without allowPartial) when the tensors do not match the block
   */
  public static LoadReport load(
      Block block, Map<String, NDArray> byName, String source, boolean allowPartial) {
    List<String> loaded = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    Map<String, Parameter> parameters = new LinkedHashMap<>();
    for (var entry : block.getParameters()) {
      parameters.put(entry.getKey(), entry.getValue());
    }
    for (var entry : parameters.entrySet()) {
      NDArray t = byName.get(entry.getKey());
      NDArray target = entry.getValue().getArray();
      if (t == null) {
        missing.add(entry.getKey());
      } else if (!t.getShape().equals(target.getShape())) {
        mismatched.add(entry.getKey() + " " + t.getShape() + " vs " + target.getShape());
      }
    }
    List<String> unknown = new ArrayList<>(new TreeSet<>(byName.keySet()));
    unknown.removeAll(parameters.keySet());
    LoadReport report = new LoadReport(loaded, missing, unknown, mismatched);
    if (!allowPartial && !report.complete()) {
      throw new InvalidInputException(
          source
              + " does not match the model: missing "
              + missing
              + ", unknown "
              + unknown
              + ", mismatched "
              + mismatched);
    }
    for (var entry : parameters.entrySet()) {
      NDArray t = byName.get(entry.getKey());
      NDArray target = entry.getValue().getArray();
      if (t != null && t.getShape().equals(target.getShape())) {
        target.set(t.toType(target.getDataType(), false).toByteBuffer());
        loaded.add(entry.getKey());
      }
    }
    return report;
  }
}
