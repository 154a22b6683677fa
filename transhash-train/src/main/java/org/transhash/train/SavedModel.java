package org.transhash.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transhash.api.HashingModel;
import org.transhash.api.Image;
import org.transhash.api.ImageDataset;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Labels;
import org.transhash.api.UnknownNameException;
import org.transhash.api.io.AtomicFiles;
import org.transhash.api.io.CorruptFileException;
import org.transhash.api.io.Json;
import org.transhash.api.io.UnsupportedFormatException;
import org.transhash.backbone.HashingModels;
import org.transhash.backbone.OneDnn;
import org.transhash.backbone.vit.VitWeights;
import org.transhash.data.source.InMemoryImageDataset;
import org.transhash.data.transform.FloatImage;
import org.transhash.data.transform.ImageTransform;
import org.transhash.data.transform.Normalize;
import org.transhash.data.transform.Resize;

/**
 * A trained model in a folder: {@code weights.safetensors} and {@code model.json} (the model's name
 * and specification, the normalisation, the test-time augmentation, the loss and training
 * configuration, and the provenance: data, split, steps, time, validation). Loading rebuilds the
 * same network and weights, so encoding the same images gives the same codes, bit for bit.
 *
 * <pre>{@code
 * SavedModel saved = SavedModel.load(Path.of("model"), manager);
 * BinaryCodes codes = saved.encode(dataset, split.query(), 256).codes();
 * BinaryCodes one = saved.encodeImages(List.of(image)).codes();   // any size, grey or colour
 * }</pre>
 *
 * @param model the initialised model
 * @param spec what the model was built for (image shape, bits, K, ViT preset)
 * @param normalize the test-time normalisation
 * @param testTime how each image is looked at when encoding ({@code test_time} in {@code
 *     model.json}; descriptions without it are {@link TestTimeAugmentation#NONE})
 * @param description the loss, training configuration and provenance, written as they are
 */
public record SavedModel(
    HashingModel model,
    HashingModels.Spec spec,
    Normalize normalize,
    TestTimeAugmentation testTime,
    Map<String, Object> description) {
  /** The model description's file. */
  public static final String DESCRIPTION = "model.json";

  /** The weights' file. */
  public static final String WEIGHTS = "weights.safetensors";

  /** The description's key for where the model came from (data, split, steps, time, backend). */
  public static final String PROVENANCE = "provenance";

  /**
   * The key, in the description's {@code provenance}, of the backend that ran the training run's
   * convolutions ({@link OneDnn#backend()}).
   */
  public static final String CONVOLUTIONS = "convolutions";

  private static final Logger LOG = LoggerFactory.getLogger(SavedModel.class);
  private static final String FORMAT = "transhash-model";
  private static final String TEST_TIME = "test_time";
  private static final int VERSION = 1;

  /** Copies the description. */
  public SavedModel {
    java.util.Objects.requireNonNull(testTime, "testTime");
    description = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(description));
  }

  /**
   * A model that encodes images as they are ({@link TestTimeAugmentation#NONE}).
   *
   * @param model the initialised model
   * @param spec what the model was built for
   * @param normalize the test-time normalisation
   * @param description the loss, training configuration and provenance
   */
  public SavedModel(
      HashingModel model,
      HashingModels.Spec spec,
      Normalize normalize,
      Map<String, Object> description) {
    this(model, spec, normalize, TestTimeAugmentation.NONE, description);
  }

  /**
   * The same model encoding with another test-time augmentation (for example to score a saved
   * model's mirror-averaged codes); saving it records the new choice.
   *
   * @param augmentation the views whose outputs are averaged
   * @return the model with that augmentation
   */
  public SavedModel withTestTime(TestTimeAugmentation augmentation) {
    return new SavedModel(model, spec, normalize, augmentation, description);
  }

  /**
   * Writes the model into a folder: first into a temporary sibling, then renamed, so the folder is
   * either the old model or the new one, never half of each.
   *
   * @param folder the model folder (replaced when it exists)
   * @throws IOException when writing fails
   */
  public void save(Path folder) throws IOException {
    Path absolute = folder.toAbsolutePath();
    Path parent = absolute.getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempDirectory(parent, absolute.getFileName() + ".tmp");
    try {
      VitWeights.save(model.block(), temporary.resolve(WEIGHTS));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("format", FORMAT);
      json.put("version", VERSION);
      json.put("model", model.name());
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("image_size", spec.imageSize());
      s.put("channels", spec.channels());
      s.put("bits", spec.bits());
      s.put("groups", spec.groups());
      s.put("vit_preset", spec.vitPreset());
      s.put("tanh", spec.tanh());
      s.put("local_norm", spec.localNorm());
      s.put("vit_depth", spec.vitDepth());
      json.put("spec", s);
      Map<String, Object> normalization = new LinkedHashMap<>();
      normalization.put("mean", normalize.mean());
      normalization.put("std", normalize.std());
      json.put("normalize", normalization);
      json.put(TEST_TIME, testTime.label());
      json.putAll(description);
      AtomicFiles.write(
          temporary.resolve(DESCRIPTION),
          out -> out.write(Json.write(json).getBytes(StandardCharsets.UTF_8)));
      Path old = parent.resolve(absolute.getFileName() + ".old");
      Checkpoint.deleteTree(old);
      if (Files.exists(absolute)) {
        Files.move(absolute, old);
      }
      try {
        Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute);
      }
      Checkpoint.deleteTree(old);
    } finally {
      Checkpoint.deleteTree(temporary);
    }
  }

  /**
   * Loads a model folder with the built-in models ({@link HashingModels}).
   *
   * @param folder the model folder
   * @param manager the manager the weights live in
   * @return the model, initialised with its weights
   * @throws NoSuchFileException when the folder or one of its files is missing
   * @throws CorruptFileException naming the file when it cannot be read
   */
  public static SavedModel load(Path folder, NDManager manager) throws IOException {
    return load(folder, manager, HashingModels::create);
  }

  /**
   * Loads a model folder with the weights of one of its run's checkpoints in place of the kept
   * epoch's: {@code OUT/checkpoints/epoch-NNN/weights.safetensors} (the two newest epochs stay) or
   * {@code OUT/checkpoints/best.safetensors}, to encode and evaluate another epoch than the one
   * validation chose. The checkpoint's loss parameters are skipped; every tensor of the model must
   * be there, with the model's shape.
   *
   * @param folder the model folder (its configuration)
   * @param checkpointWeights the checkpoint's weights file
   * @param manager the manager the weights live in
   * @return the model, initialised with the checkpoint's weights
   * @throws IOException when a file is missing, corrupt or does not match the model
   */
  public static SavedModel load(Path folder, Path checkpointWeights, NDManager manager)
      throws IOException {
    if (!Files.isRegularFile(checkpointWeights)) {
      throw new NoSuchFileException(checkpointWeights.toString(), null, "no such weights file");
    }
    SavedModel saved = load(folder, manager);
    Map<String, NDArray> tensors = VitWeights.readTensors(checkpointWeights, manager);
    try {
      Map<String, NDArray> modelTensors = new LinkedHashMap<>(tensors);
      modelTensors.keySet().removeIf(name -> name.startsWith(Trainer.LOSS_PREFIX));
      VitWeights.load(saved.model().block(), modelTensors, checkpointWeights.toString(), false);
    } finally {
      tensors.values().forEach(NDArray::close);
    }
    return saved;
  }

  /**
   * Loads a model folder, building the network with a custom registry (for models bound in Guice:
   * {@code (name, spec) -> components.model(name).create(spec)}).
   *
   * @param folder the model folder
   * @param manager the manager the weights live in
   * @param models builds an uninitialised model from its name and specification
   * @return the model, initialised with its weights
   * @throws IOException when a file is missing, corrupt or does not match the model
   */
  public static SavedModel load(
      Path folder, NDManager manager, BiFunction<String, HashingModels.Spec, HashingModel> models)
      throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new NoSuchFileException(folder.toString(), null, "no such model folder");
    }
    Path file = folder.resolve(DESCRIPTION);
    Path weights = folder.resolve(WEIGHTS);
    for (Path p : List.of(file, weights)) {
      if (!Files.isRegularFile(p)) {
        throw new NoSuchFileException(p.toString(), null, "the model folder lacks it");
      }
    }
    JsonObject o;
    try {
      o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException | IOException e) {
      throw new CorruptFileException(file, -1, "not a JSON object: " + e.getMessage());
    }
    HashingModels.Spec spec;
    String name;
    Normalize normalize;
    TestTimeAugmentation testTime;
    Map<String, Object> description = new LinkedHashMap<>();
    try {
      if (!FORMAT.equals(o.get("format").getAsString())) {
        throw new CorruptFileException(file, -1, "not a TransHash model description");
      }
      int version = o.get("version").getAsInt();
      if (version != VERSION) {
        throw new UnsupportedFormatException(
            file,
            -1,
            "model description version " + version + " (this build reads " + VERSION + ")");
      }
      name = o.get("model").getAsString();
      JsonObject s = o.getAsJsonObject("spec");
      spec =
          new HashingModels.Spec(
              s.get("image_size").getAsInt(),
              s.get("channels").getAsInt(),
              s.get("bits").getAsInt(),
              s.get("groups").getAsInt(),
              s.get("vit_preset").getAsString(),
              s.get("tanh").getAsBoolean(),
              s.has("local_norm") && s.get("local_norm").getAsBoolean(),
              s.has("vit_depth") ? s.get("vit_depth").getAsInt() : 0);
      JsonObject n = o.getAsJsonObject("normalize");
      normalize = new Normalize(floats(n.getAsJsonArray("mean")), floats(n.getAsJsonArray("std")));
      testTime =
          o.has(TEST_TIME)
              ? TestTimeAugmentation.fromLabel(o.get(TEST_TIME).getAsString())
              : TestTimeAugmentation.NONE;
      for (String key : o.keySet()) {
        if (!List.of("format", "version", "model", "spec", "normalize", TEST_TIME).contains(key)) {
          description.put(key, plain(o.get(key)));
        }
      }
    } catch (IllegalStateException | NullPointerException | ClassCastException e) {
      throw new CorruptFileException(file, -1, "incomplete model description: " + e);
    } catch (InvalidInputException | UnknownNameException e) {
      throw new CorruptFileException(file, -1, e.getMessage());
    }
    HashingModel model = models.apply(name, spec);
    model
        .block()
        .initialize(
            manager,
            DataType.FLOAT32,
            new Shape(2, spec.channels(), spec.imageSize(), spec.imageSize()));
    VitWeights.load(model.block(), weights, manager, false);
    warnOfOtherConvolutions(file, description);
    return new SavedModel(model, spec, normalize, testTime, description);
  }

  /**
   * Warns when the model was trained with its convolutions on the other backend than this JVM's
   * (oneDNN or PyTorch's own kernels, {@link OneDnn}): the two agree to float rounding, not bit for
   * bit, so a few codes can then differ from the training run's.
   */
  private static void warnOfOtherConvolutions(Path file, Map<String, Object> description)
      throws CorruptFileException {
    if (description.get(PROVENANCE) instanceof Map<?, ?> provenance
        && provenance.get(CONVOLUTIONS) instanceof String trained
        && !trained.equals(OneDnn.backend())) {
      String choice;
      try {
        choice = OneDnn.choiceFor(trained);
      } catch (InvalidInputException e) {
        throw new CorruptFileException(
            file, -1, PROVENANCE + "." + CONVOLUTIONS + ": " + e.getMessage());
      }
      LOG.warn(
          "{} was trained with convolutions on {}, and this JVM runs them on {}: a few bits of its"
              + " codes can differ from the training run's (-D{}={} encodes as it was trained)",
          file,
          trained,
          OneDnn.backend(),
          OneDnn.PROPERTY,
          choice);
    }
  }

  /**
   * Encodes images of a dataset that has this model's image shape.
   *
   * @param manager the manager the model's weights live in
   * @param dataset the dataset
   * @param positions the images
   * @param batchSize images per forward pass
   * @return codes and continuous outputs
   * @throws IOException when an image cannot be read
   */
  public Encoder.Encoded encode(
      NDManager manager, ImageDataset dataset, int[] positions, int batchSize) throws IOException {
    return Encoder.encode(model, manager, dataset, positions, normalize, batchSize, testTime);
  }

  /**
   * Encodes images of any size and channel count: colour becomes grey (ITU-R BT.601 luma) or grey
   * becomes colour as the model needs, then they are resized to the model's side and normalised.
   *
   * @param manager the manager the model's weights live in
   * @param images the images
   * @return codes and continuous outputs, in the order given
   * @throws IOException never in practice (the images are in memory)
   */
  public Encoder.Encoded encodeImages(NDManager manager, List<Image> images) throws IOException {
    InvalidInputException.check(!images.isEmpty(), "no images to encode");
    int side = spec.imageSize();
    int channels = spec.channels();
    byte[] pixels = new byte[images.size() * channels * side * side];
    ImageTransform resize = Resize.to(side, side);
    for (int i = 0; i < images.size(); i++) {
      Image converted = convertChannels(images.get(i), channels);
      if (converted.height() == side && converted.width() == side) {
        System.arraycopy(
            converted.pixels(), 0, pixels, i * channels * side * side, channels * side * side);
        continue;
      }
      FloatImage resized =
          resize.apply(FloatImage.fromImage(converted), new java.util.SplittableRandom(0));
      float[] values = resized.toArray();
      for (int j = 0; j < values.length; j++) {
        pixels[i * values.length + j] =
            (byte) Math.max(0, Math.min(255, Math.round(values[j] * 255f)));
      }
    }
    int[] none = new int[images.size()];
    int[] positions = new int[images.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = i;
    }
    ImageDataset dataset =
        new InMemoryImageDataset(
            "images to encode",
            channels,
            side,
            side,
            pixels,
            Labels.ofClassIds(none, 1),
            images.size());
    return Encoder.encode(model, manager, dataset, positions, normalize, 256, testTime);
  }

  private static Image convertChannels(Image image, int channels) {
    if (image.channels() == channels) {
      return image;
    }
    int plane = image.height() * image.width();
    byte[] src = image.pixels();
    byte[] out = new byte[channels * plane];
    if (channels == 1 && image.channels() == 3) {
      for (int p = 0; p < plane; p++) {
        double luma =
            0.299 * (src[p] & 0xff)
                + 0.587 * (src[plane + p] & 0xff)
                + 0.114 * (src[2 * plane + p] & 0xff);
        out[p] = (byte) Math.round(luma);
      }
    } else if (image.channels() == 1) {
      for (int c = 0; c < channels; c++) {
        System.arraycopy(src, 0, out, c * plane, plane);
      }
    } else {
      throw new InvalidInputException(
          "cannot turn a " + image.channels() + "-channel image into " + channels + " channels");
    }
    return new Image(channels, image.height(), image.width(), out);
  }

  private static float[] floats(JsonArray a) {
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsFloat();
    }
    return out;
  }

  /** A JSON value as plain Java: maps, lists, strings, numbers (double), booleans, null. */
  private static Object plain(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (e.isJsonObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (var entry : e.getAsJsonObject().entrySet()) {
        m.put(entry.getKey(), plain(entry.getValue()));
      }
      return m;
    }
    if (e.isJsonArray()) {
      List<Object> l = new java.util.ArrayList<>();
      for (JsonElement x : e.getAsJsonArray()) {
        l.add(plain(x));
      }
      return l;
    }
    var p = e.getAsJsonPrimitive();
    if (p.isBoolean()) {
      return p.getAsBoolean();
    }
    if (p.isNumber()) {
      return p.getAsDouble();
    }
    return p.getAsString();
  }
}
