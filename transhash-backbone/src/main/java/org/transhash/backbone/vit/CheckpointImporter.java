package org.transhash.backbone.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.transhash.api.InvalidInputException;

/**
 * Loads pretrained ViT weights into a {@link VitHashNet}: timm checkpoints ({@code .safetensors} or
 * {@code .npz}; {@code patch_embed.proj}, {@code cls_token}, {@code pos_embed}, {@code
 * blocks.N.attn.qkv} fused and split here into q, k and v, ...) and the original Google ViT {@code
 * .npz} files ({@code Transformer/encoderblock_N/...}, kernels in (in, out) layout, attention
 * kernels per head). The checkpoint's last block fills both the global and the local block of the
 * dual stream. Position embeddings of another grid size are resized bicubically (as timm does).
 *
 * <p>Unknown, missing and mismatched tensors are reported by name; the load fails unless partial
 * loads are allowed (a fresh hash head is expected to be missing).
 *
 * <pre>{@code
 * VitWeights.LoadReport r = CheckpointImporter.load(net, Path.of("vit_l32.npz"), manager, true);
 * r.missing();   // [hash_global.weight, ...]: the new hash layers
 * }</pre>
 */
public final class CheckpointImporter {
  private CheckpointImporter() {}

  /**
   * Reads a checkpoint in timm or Google naming (detected from its tensor names).
   *
   * @param net an initialised network
   * @param path a .safetensors or .npz file
   * @param manager the manager to decode with
   * @param allowPartial load what matches instead of failing
   * @return what was loaded, missing, unknown and mismatched (in timm names)
   * @throws IOException when the file cannot be read, or without allowPartial does not match
   */
  public static VitWeights.LoadReport load(
      VitHashNet net, Path path, NDManager manager, boolean allowPartial) throws IOException {
    Map<String, NDArray> byName = VitWeights.readTensors(path, manager);
    boolean google = byName.keySet().stream().anyMatch(k -> k.startsWith("Transformer/"));
    Map<String, NDArray> timm = google ? fromGoogle(byName, net.config()) : splitQkv(byName);
    return apply(net, timm, path, allowPartial);
  }

  /** timm's fused attn.qkv (3D, D) becomes attn.q, attn.k, attn.v (D, D) each. */
  static Map<String, NDArray> splitQkv(Map<String, NDArray> in) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    Pattern qkv = Pattern.compile("(blocks\\.\\d+\\.attn)\\.qkv\\.(weight|bias)");
    for (var e : in.entrySet()) {
      Matcher m = qkv.matcher(e.getKey());
      if (!m.matches()) {
        out.put(e.getKey(), e.getValue());
        continue;
      }
      NDArray t = e.getValue();
      long d = t.getShape().get(0) / 3;
      String[] names = {"q", "k", "v"};
      for (int i = 0; i < 3; i++) {
        NDArray part = t.get(new NDIndex("{}:{}", i * d, (i + 1) * d));
        out.put(m.group(1) + "." + names[i] + "." + m.group(2), part);
      }
    }
    return out;
  }

  /** The Google ViT names and layouts turned into timm's (with q, k, v separate). */
  static Map<String, NDArray> fromGoogle(Map<String, NDArray> in, VitConfig config) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    long dim = config.dim();
    Pattern block = Pattern.compile("Transformer/encoderblock_(\\d+)/(.+)");
    for (var e : in.entrySet()) {
      String k = e.getKey();
      NDArray t = e.getValue();
      Matcher m = block.matcher(k);
      if (k.equals("embedding/kernel")) {
        out.put("patch_embed.proj.weight", t.transpose(3, 2, 0, 1)); // HWIO -> OIHW
      } else if (k.equals("embedding/bias")) {
        out.put("patch_embed.proj.bias", t);
      } else if (k.equals("cls")) {
        out.put("cls_token", t);
      } else if (k.equals("Transformer/posembed_input/pos_embedding")) {
        out.put("pos_embed", t);
      } else if (k.equals("Transformer/encoder_norm/scale")) {
        out.put("norm.weight", t);
      } else if (k.equals("Transformer/encoder_norm/bias")) {
        out.put("norm.bias", t);
      } else if (k.equals("head/kernel")) {
        out.put("head.weight", t.transpose());
      } else if (k.equals("head/bias")) {
        out.put("head.bias", t);
      } else if (m.matches()) {
        String p = "blocks." + m.group(1) + ".";
        String rest = m.group(2);
        switch (rest) {
          case "LayerNorm_0/scale" -> out.put(p + "norm1.weight", t);
          case "LayerNorm_0/bias" -> out.put(p + "norm1.bias", t);
          case "LayerNorm_2/scale" -> out.put(p + "norm2.weight", t);
          case "LayerNorm_2/bias" -> out.put(p + "norm2.bias", t);
          case "MlpBlock_3/Dense_0/kernel" -> out.put(p + "mlp.fc1.weight", t.transpose());
          case "MlpBlock_3/Dense_0/bias" -> out.put(p + "mlp.fc1.bias", t);
          case "MlpBlock_3/Dense_1/kernel" -> out.put(p + "mlp.fc2.weight", t.transpose());
          case "MlpBlock_3/Dense_1/bias" -> out.put(p + "mlp.fc2.bias", t);
          case "MultiHeadDotProductAttention_1/out/kernel" ->
              out.put(p + "attn.proj.weight", t.reshape(dim, dim).transpose()); // (H, d, D)
          case "MultiHeadDotProductAttention_1/out/bias" -> out.put(p + "attn.proj.bias", t);
          default -> {
            Matcher a =
                Pattern.compile("MultiHeadDotProductAttention_1/(query|key|value)/(kernel|bias)")
                    .matcher(rest);
            if (a.matches()) {
              String name =
                  switch (a.group(1)) {
                    case "query" -> "q";
                    case "key" -> "k";
                    default -> "v";
                  };
              NDArray v =
                  a.group(2).equals("kernel")
                      ? t.reshape(dim, dim).transpose()
                      : t.reshape(dim); // (D, H, d)
              out.put(
                  p + "attn." + name + "." + (a.group(2).equals("kernel") ? "weight" : "bias"), v);
            } else {
              out.put(k, t);
            }
          }
        }
      } else {
        out.put(k, t);
      }
    }
    return out;
  }

  private static VitWeights.LoadReport apply(
      VitHashNet net, Map<String, NDArray> tensors, Path path, boolean allowPartial) {
    Map<String, List<Parameter>> targets = net.timmParameters();
    List<String> loaded = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    Map<String, NDArray> ready = new LinkedHashMap<>();
    for (var e : targets.entrySet()) {
      NDArray t = tensors.get(e.getKey());
      Shape want = e.getValue().get(0).getArray().getShape();
      if (t == null) {
        missing.add(e.getKey());
        continue;
      }
      if (e.getKey().equals("pos_embed")
          && !t.getShape().equals(want)
          && t.getShape().dimension() == 3
          && t.getShape().get(2) == want.get(2)) {
        t = PositionEmbeddings.resize(t, want);
      }
      if (!t.getShape().equals(want)) {
        mismatched.add(e.getKey() + " " + t.getShape() + " vs " + want);
      } else {
        ready.put(e.getKey(), t);
      }
    }
    List<String> unknown = new ArrayList<>(new TreeSet<>(tensors.keySet()));
    unknown.removeAll(targets.keySet());
    VitWeights.LoadReport report = new VitWeights.LoadReport(loaded, missing, unknown, mismatched);
    if (!allowPartial && !report.complete()) {
      throw new InvalidInputException(
          path
              + " does not match the model: missing "
              + missing
              + ", unknown "
              + unknown
              + ", mismatched "
              + mismatched);
    }
    for (var e : ready.entrySet()) {
      for (Parameter p : targets.get(e.getKey())) {
        NDArray target = p.getArray();
        target.set(e.getValue().toType(target.getDataType(), false).toByteBuffer());
      }
      loaded.add(e.getKey());
    }
    return report;
  }
}
