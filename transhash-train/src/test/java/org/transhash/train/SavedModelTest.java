package org.transhash.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.transhash.api.BinaryCodes;
import org.transhash.api.HashingModel;
import org.transhash.api.Image;
import org.transhash.api.ImageDataset;
import org.transhash.api.InvalidInputException;
import org.transhash.api.UnknownNameException;
import org.transhash.api.io.CorruptFileException;
import org.transhash.backbone.HashingModels;
import org.transhash.backbone.OneDnn;
import org.transhash.backbone.vit.VitHashingModel;
import org.transhash.backbone.vit.VitWeights;
import org.transhash.data.testing.TestDatasets;
import org.transhash.data.transform.Normalize;

/** A saved model folder reloads to the same network and weights: the same codes, bit for bit. */
class SavedModelTest {
  static final HashingModels.Spec SPEC =
      new HashingModels.Spec(28, 1, 16, 2, "small-28-conv", false);

  /** A dual-stream model with random weights of seed 0, as if saved before any training. */
  static SavedModel initialised(NDManager manager) {
    return initialised(manager, 0);
  }

  /** A dual-stream model with random weights drawn with this seed. */
  static SavedModel initialised(NDManager manager, int seed) {
    Engine.getInstance().setRandomSeed(seed);
    HashingModel model = HashingModels.create("vit-dual", SPEC);
    model.block().initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
    return new SavedModel(
        model, SPEC, Normalize.FASHION_MNIST, Map.of("loss", "transhash", "note", "test"));
  }

  @Test
  void reloadsToTheSameCodesAndDescription(@TempDir Path dir) throws Exception {
    ImageDataset data = TestDatasets.fashionMnistMini();
    int[] some = EndToEndTest.range(0, 64);
    try (NDManager manager = NDManager.newBaseManager()) {
      SavedModel saved = initialised(manager);
      Path folder = dir.resolve("model");
      saved.save(folder);
      saved.save(folder); // replacing an existing model leaves no temporary folder behind
      try (var files = Files.list(dir)) {
        assertEquals(List.of(folder), files.toList());
      }
      SavedModel loaded = SavedModel.load(folder, manager);
      assertEquals(SPEC, loaded.spec());
      assertEquals(Normalize.FASHION_MNIST, loaded.normalize());
      assertEquals("transhash", loaded.description().get("loss"));
      Encoder.Encoded a = saved.encode(manager, data, some, 32);
      Encoder.Encoded b = loaded.encode(manager, data, some, 32);
      assertEquals(a.codes(), b.codes());
      assertTrue(java.util.Arrays.equals(a.outputs(), b.outputs()));
    }
  }

  @Test
  void imagesOfAnyShapeAreConvertedAndSameShapeImagesMatchTheDataset() throws Exception {
    ImageDataset data = TestDatasets.fashionMnistMini();
    try (NDManager manager = NDManager.newBaseManager()) {
      SavedModel saved = initialised(manager);
      BinaryCodes fromDataset = saved.encode(manager, data, new int[] {3, 4}, 2).codes();
      BinaryCodes fromImages =
          saved.encodeImages(manager, List.of(data.image(3), data.image(4))).codes();
      assertEquals(fromDataset, fromImages);
      Image grey = data.image(3);
      byte[] rgb = new byte[3 * 56 * 56];
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 56; y++) {
          for (int x = 0; x < 56; x++) {
            rgb[c * 56 * 56 + y * 56 + x] = grey.pixels()[(y / 2) * 28 + x / 2];
          }
        }
      }
      BinaryCodes colour = saved.encodeImages(manager, List.of(new Image(3, 56, 56, rgb))).codes();
      assertEquals(16, colour.bits());
      assertEquals(1, colour.count());
    }
  }

  @Test
  void theLocalNormAndDepthOptionsAreSavedAndOlderDescriptionsReadWithoutThem(@TempDir Path dir)
      throws Exception {
    ImageDataset data = TestDatasets.fashionMnistMini();
    int[] some = EndToEndTest.range(0, 16);
    HashingModels.Spec normed =
        new HashingModels.Spec(28, 1, 16, 2, "small-28-conv", false, true, 3);
    try (NDManager manager = NDManager.newBaseManager()) {
      HashingModel model = HashingModels.create("vit-dual", normed);
      model.block().initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
      SavedModel saved = new SavedModel(model, normed, Normalize.FASHION_MNIST, Map.of());
      saved.save(dir.resolve("normed"));
      SavedModel loaded = SavedModel.load(dir.resolve("normed"), manager);
      assertEquals(normed, loaded.spec());
      assertEquals(3, ((VitHashingModel) loaded.model()).network().config().depth());
      assertEquals(
          saved.encode(manager, data, some, 16).codes(),
          loaded.encode(manager, data, some, 16).codes());

      Path older = dir.resolve("older");
      initialised(manager).save(older);
      Path json = older.resolve(SavedModel.DESCRIPTION);
      String withoutKey =
          Files.readString(json)
              .replace(",\"local_norm\":false", "")
              .replace(",\"vit_depth\":0", "");
      assertFalse(withoutKey.contains("local_norm"), withoutKey);
      assertFalse(withoutKey.contains("vit_depth"), withoutKey);
      Files.writeString(json, withoutKey);
      assertEquals(SPEC, SavedModel.load(older, manager).spec());
    }
  }

  @Test
  void theTestTimeAugmentationIsSavedAndOlderDescriptionsEncodeImagesAsTheyAre(@TempDir Path dir)
      throws Exception {
    ImageDataset data = TestDatasets.fashionMnistMini();
    int[] some = EndToEndTest.range(0, 16);
    try (NDManager manager = NDManager.newBaseManager()) {
      SavedModel plain = initialised(manager);
      SavedModel mirror = plain.withTestTime(TestTimeAugmentation.MIRROR);
      Path folder = dir.resolve("mirror");
      mirror.save(folder);
      String json = Files.readString(folder.resolve(SavedModel.DESCRIPTION));
      assertTrue(json.contains("\"test_time\":\"mirror\""), json);
      SavedModel loaded = SavedModel.load(folder, manager);
      assertEquals(TestTimeAugmentation.MIRROR, loaded.testTime());
      assertFalse(loaded.description().containsKey("test_time"), "read into testTime only");
      Encoder.Encoded mirrorEncoded = mirror.encode(manager, data, some, 16);
      BinaryCodes mirrored = mirrorEncoded.codes();
      assertEquals(mirrored, loaded.encode(manager, data, some, 16).codes());
      // Outputs, not codes: an untrained model's 16 x 16 signs may agree across views.
      assertFalse(
          Arrays.equals(plain.encode(manager, data, some, 16).outputs(), mirrorEncoded.outputs()));
      List<Image> images = new java.util.ArrayList<>();
      for (int position : some) {
        images.add(data.image(position));
      }
      assertEquals(mirrored, loaded.encodeImages(manager, images).codes());

      Files.writeString(
          folder.resolve(SavedModel.DESCRIPTION), json.replace(",\"test_time\":\"mirror\"", ""));
      assertEquals(TestTimeAugmentation.NONE, SavedModel.load(folder, manager).testTime());

      Files.writeString(
          folder.resolve(SavedModel.DESCRIPTION),
          json.replace("\"test_time\":\"mirror\"", "\"test_time\":\"sideways\""));
      CorruptFileException unknown =
          assertThrows(CorruptFileException.class, () -> SavedModel.load(folder, manager));
      assertTrue(unknown.getMessage().contains("model.json"), unknown.getMessage());
      assertTrue(unknown.getMessage().contains("mirror, mirror-shift, none"), unknown.getMessage());

      Path shifted = dir.resolve("mirror-shift");
      plain.withTestTime(TestTimeAugmentation.MIRROR_SHIFT).save(shifted);
      assertTrue(
          Files.readString(shifted.resolve(SavedModel.DESCRIPTION))
              .contains("\"test_time\":\"mirror-shift\""));
      SavedModel four = SavedModel.load(shifted, manager);
      assertEquals(TestTimeAugmentation.MIRROR_SHIFT, four.testTime());
      assertFalse(
          Arrays.equals(mirrorEncoded.outputs(), four.encode(manager, data, some, 16).outputs()));
    }
  }

  @Test
  void aCheckpointsWeightsReplaceTheKeptOnesAndItsLossTensorsAreSkipped(@TempDir Path dir)
      throws Exception {
    ImageDataset data = TestDatasets.fashionMnistMini();
    int[] some = EndToEndTest.range(0, 64);
    try (NDManager manager = NDManager.newBaseManager()) {
      SavedModel kept = initialised(manager);
      Path folder = dir.resolve("model");
      kept.save(folder);
      SavedModel other = initialised(manager, 1); // another draw of the initial weights
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      for (var p : other.model().block().getParameters()) {
        tensors.put(p.getKey(), p.getValue().getArray());
      }
      tensors.put(Trainer.LOSS_PREFIX + "weights", manager.ones(new Shape(10, 32)));
      Path checkpoint = dir.resolve("weights.safetensors");
      VitWeights.saveTensors(tensors, checkpoint);

      SavedModel loaded = SavedModel.load(folder, checkpoint, manager);
      assertEquals(SPEC, loaded.spec());
      BinaryCodes codes = loaded.encode(manager, data, some, 32).codes();
      assertEquals(other.encode(manager, data, some, 32).codes(), codes);
      assertNotEquals(kept.encode(manager, data, some, 32).codes(), codes);

      String first = tensors.keySet().iterator().next();
      tensors.remove(first);
      VitWeights.saveTensors(tensors, checkpoint);
      InvalidInputException incomplete =
          assertThrows(
              InvalidInputException.class, () -> SavedModel.load(folder, checkpoint, manager));
      assertTrue(incomplete.getMessage().contains(checkpoint.toString()), incomplete.getMessage());
      assertTrue(incomplete.getMessage().contains(first), incomplete.getMessage());
      assertThrows(
          NoSuchFileException.class,
          () -> SavedModel.load(folder, dir.resolve("epoch-009/weights.safetensors"), manager));
    }
  }

  @Test
  void loadingWarnsOfAModelTrainedOnTheOtherConvolutionBackend(@TempDir Path dir) throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(SavedModel.class);
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    logger.addAppender(warnings);
    try (NDManager manager = NDManager.newBaseManager()) {
      HashingModel model = initialised(manager).model();
      String here = OneDnn.backend();
      String other = here.equals(OneDnn.ONEDNN) ? OneDnn.PYTORCH : OneDnn.ONEDNN;
      for (String backend : List.of(here, other, "TPU")) {
        Map<String, Object> provenance = Map.of(SavedModel.CONVOLUTIONS, backend);
        new SavedModel(model, SPEC, Normalize.FASHION_MNIST, Map.of("provenance", provenance))
            .save(dir.resolve(backend));
      }
      SavedModel.load(dir.resolve(here), manager);
      assertEquals(List.of(), warnings.list, "trained on this JVM's backend");
      SavedModel.load(dir.resolve(other), manager);
      assertEquals(1, warnings.list.size());
      assertEquals(Level.WARN, warnings.list.get(0).getLevel());
      String warning = warnings.list.get(0).getFormattedMessage();
      assertTrue(warning.contains(dir.resolve(other).toString()), warning);
      assertTrue(warning.contains("-D" + OneDnn.PROPERTY + "=" + OneDnn.choiceFor(other)), warning);
      CorruptFileException unknown =
          assertThrows(
              CorruptFileException.class, () -> SavedModel.load(dir.resolve("TPU"), manager));
      assertTrue(unknown.getMessage().contains("'TPU'"), unknown.getMessage());
    } finally {
      logger.detachAppender(warnings);
    }
  }

  @Test
  void missingCorruptOrUnknownContentsAreNamed(@TempDir Path dir) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Path folder = dir.resolve("model");
      assertThrows(NoSuchFileException.class, () -> SavedModel.load(folder, manager));
      initialised(manager).save(folder);
      Path json = folder.resolve(SavedModel.DESCRIPTION);
      String good = Files.readString(json);

      Files.writeString(json, good.substring(0, good.length() / 2));
      CorruptFileException truncated =
          assertThrows(CorruptFileException.class, () -> SavedModel.load(folder, manager));
      assertTrue(truncated.getMessage().contains("model.json"), truncated.getMessage());

      Files.writeString(json, good.replace("\"vit-dual\"", "\"vit-huge\""));
      UnknownNameException unknown =
          assertThrows(UnknownNameException.class, () -> SavedModel.load(folder, manager));
      assertTrue(unknown.getMessage().contains("resnet18"), unknown.getMessage());

      Files.writeString(json, good.replace("\"bits\":16", "\"bits\":32"));
      Exception mismatch = assertThrows(Exception.class, () -> SavedModel.load(folder, manager));
      assertTrue(mismatch.getMessage().contains("weights.safetensors"), mismatch.getMessage());

      Files.writeString(json, good);
      Files.write(folder.resolve(SavedModel.WEIGHTS), new byte[] {1, 2, 3});
      CorruptFileException weights =
          assertThrows(CorruptFileException.class, () -> SavedModel.load(folder, manager));
      assertTrue(weights.getMessage().contains("weights.safetensors"), weights.getMessage());

      Files.delete(folder.resolve(SavedModel.WEIGHTS));
      NoSuchFileException gone =
          assertThrows(NoSuchFileException.class, () -> SavedModel.load(folder, manager));
      assertFalse(gone.getMessage().isEmpty());
      assertNotEquals(-1, gone.getMessage().indexOf("weights.safetensors"));
    }
  }
}
