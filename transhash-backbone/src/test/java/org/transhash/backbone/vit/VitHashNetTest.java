package org.transhash.backbone.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;
import org.transhash.api.InvalidInputException;
import org.transhash.api.UnknownNameException;
import org.transhash.backbone.HashingModels;

class VitHashNetTest {
  /** A small ViT that runs in milliseconds: 16 x 16 images, patch 4 (N = 16), D 32, 3 blocks. */
  static final VitConfig TINY = new VitConfig(16, 4, 1, 32, 3, 2, 2, 0, 0, 0, VitConfig.Stem.PATCH);

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private NDList forward(VitHashingModel model, int batch, boolean training) {
    VitConfig c = model.network().config();
    Shape input = new Shape(batch, c.channels(), c.imageSize(), c.imageSize());
    if (!model.block().isInitialized()) {
      model.block().initialize(manager, DataType.FLOAT32, input);
    }
    NDArray images = manager.randomUniform(0, 1, input);
    return model.block().forward(new ParameterStore(manager, false), new NDList(images), training);
  }

  @ParameterizedTest
  @CsvSource({"32, 1", "32, 2", "64, 4", "16, 2", "48, 3"})
  void headsSplitTheCodeAsTheMethodSays(int bits, int k) {
    VitHashingModel model = VitHashingModel.dualStream(TINY, bits, k);
    NDList heads = forward(model, 3, false);
    assertEquals(k + 1, heads.size());
    assertEquals(new Shape(3, bits / 2), heads.get(0).getShape());
    for (int i = 1; i <= k; i++) {
      assertEquals(new Shape(3, bits / (2 * k)), heads.get(i).getShape());
    }
    assertEquals(bits, model.bits());
    assertEquals("vit-dual", model.name());
  }

  @Test
  void smallPresetsRunAndEveryPresetHasTheRightHeads() {
    for (VitConfig preset : List.of(VitConfig.SMALL_28, VitConfig.SMALL_32)) {
      VitHashingModel model = VitHashingModel.dualStream(preset, 32, 2);
      NDList heads = forward(model, 2, false);
      assertEquals(List.of(new Shape(2, 16), new Shape(2, 8), new Shape(2, 8)), shapes(heads));
    }
    for (var e : VitConfig.presets().entrySet()) {
      VitHashNet net = new VitHashNet(e.getValue(), 64, 2, true, false);
      assertEquals(List.of(32, 16, 16), net.headBits(), e.getKey());
      Shape[] out = net.getOutputShapes(new Shape[] {new Shape(5, 3, 224, 224)});
      assertEquals(new Shape(5, 32), out[0]);
    }
    assertEquals(49, VitConfig.VIT_L32.patches());
    assertEquals(1024, VitConfig.VIT_L32.dim());
    assertThrows(UnknownNameException.class, () -> VitConfig.preset("vit-h14"));
  }

  private static List<Shape> shapes(NDList list) {
    return list.stream().map(NDArray::getShape).toList();
  }

  @Test
  void unevenGroupsGiveTheRemainderToTheEarlierGroups() {
    VitHashNet net = new VitHashNet(VitConfig.SMALL_28, 32, 2, true, false);
    assertEquals(49, VitConfig.SMALL_28.patches());
    assertArrayEquals(new int[] {1, 26}, net.groupRanges().get(0)); // 25 patches
    assertArrayEquals(new int[] {26, 50}, net.groupRanges().get(1)); // 24 patches
    VitHashNet three = new VitHashNet(VitConfig.SMALL_28, 48, 3, true, false);
    assertEquals(17, three.groupRanges().get(0)[1] - three.groupRanges().get(0)[0]);
    assertEquals(16, three.groupRanges().get(2)[1] - three.groupRanges().get(2)[0]);
  }

  @Test
  void inferenceFreesBlockScratchWithoutChangingTheOutputs() {
    VitHashingModel model = VitHashingModel.dualStream(TINY, 32, 2); // no dropout: modes agree
    model.block().initialize(manager, DataType.FLOAT32, new Shape(3, 1, 16, 16));
    NDArray images = manager.randomUniform(0, 1, new Shape(3, 1, 16, 16));
    try (NDManager step = manager.newSubManager()) {
      NDArray input = images.duplicate();
      input.attach(step);
      ParameterStore ps = new ParameterStore(step, false);
      NDList inference = model.block().forward(ps, new NDList(input), false);
      int held = step.getManagedArrays().size();
      NDList training = model.block().forward(ps, new NDList(input), true);
      for (int i = 0; i < inference.size(); i++) {
        assertTrue(inference.get(i).contentEquals(training.get(i)), "head " + i);
      }
      assertTrue(
          held * 2 < step.getManagedArrays().size() - held,
          "inference kept "
              + held
              + " arrays, training "
              + (step.getManagedArrays().size() - held));
    }
  }

  @Test
  void singleStreamAblationHasOneHead() {
    VitHashingModel model = VitHashingModel.singleStream(TINY, 32);
    NDList heads = forward(model, 2, false);
    assertEquals(1, heads.size());
    assertEquals(new Shape(2, 32), heads.get(0).getShape());
    assertEquals("vit", model.name());
  }

  @Test
  void aDepthInTheSpecReplacesThePresetsAndKeepsTheRest() {
    HashingModels.Spec shallow =
        new HashingModels.Spec(28, 1, 32, 2, "small-28-residual", false, false, 3);
    VitConfig config =
        ((VitHashingModel) HashingModels.create(VitHashingModel.DUAL, shallow)).network().config();
    assertEquals(VitConfig.SMALL_28_RESIDUAL.withDepth(3), config);
    assertEquals(3, config.depth());
    assertEquals(VitConfig.SMALL_28_RESIDUAL.dim(), config.dim());
    HashingModels.Spec preset = new HashingModels.Spec(28, 1, 32, 2, "small-28-residual", false);
    assertEquals(
        VitConfig.SMALL_28_RESIDUAL,
        ((VitHashingModel) HashingModels.create(VitHashingModel.DUAL, preset)).network().config());
    InvalidInputException negative =
        assertThrows(
            InvalidInputException.class,
            () -> new HashingModels.Spec(28, 1, 32, 2, "small-28", false, false, -1));
    assertTrue(negative.getMessage().contains("depth"), negative.getMessage());
    assertThrows(InvalidInputException.class, () -> VitConfig.SMALL_28.withDepth(0));
  }

  @Test
  void theTwoBlockPresetsAreTheHybridsWithDepthTwo() {
    HashingModels.Spec named = new HashingModels.Spec(28, 1, 32, 2, "small-28-residual-d2", false);
    VitHashNet net =
        ((VitHashingModel) HashingModels.create(VitHashingModel.DUAL, named)).network();
    assertEquals(VitConfig.SMALL_28_RESIDUAL.withDepth(2), net.config());
    assertEquals(VitConfig.Stem.RESIDUAL, net.config().stem());
    assertEquals(List.of(16, 8, 8), net.headBits());
    assertEquals(
        VitConfig.SMALL_32_RESIDUAL.withDepth(2), VitConfig.preset("small-32-residual-d2"));
    HashingModels.Spec deeper =
        new HashingModels.Spec(28, 1, 32, 2, "small-28-residual-d2", false, false, 4);
    assertEquals(
        4,
        ((VitHashingModel) HashingModels.create(VitHashingModel.DUAL, deeper))
            .network()
            .config()
            .depth());
  }

  @Test
  void impossibleConfigurationsFailBeforeTraining() {
    InvalidInputException small =
        assertThrows(InvalidInputException.class, () -> VitHashingModel.dualStream(TINY, 16, 4));
    assertTrue(
        small.getMessage().contains("2 bits") && small.getMessage().contains("4 bits"),
        small.getMessage());
    assertThrows(InvalidInputException.class, () -> VitHashingModel.dualStream(TINY, 36, 4));
    assertThrows(
        InvalidInputException.class,
        () -> new VitConfig(3, 4, 1, 32, 3, 2, 2, 0, 0, 0, VitConfig.Stem.PATCH));
    assertThrows(
        InvalidInputException.class,
        () -> new VitConfig(30, 4, 1, 32, 3, 2, 2, 0, 0, 0, VitConfig.Stem.PATCH));
    assertThrows(
        InvalidInputException.class,
        () -> new VitConfig(16, 4, 1, 30, 3, 4, 2, 0, 0, 0, VitConfig.Stem.PATCH));
    assertThrows(
        InvalidInputException.class, () -> VitHashingModel.dualStream(TINY, 2 * 17 * 4, 17));
    VitHashingModel model = VitHashingModel.dualStream(TINY, 32, 2);
    model.block().initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16, 16));
    assertThrows(
        InvalidInputException.class,
        () ->
            model
                .block()
                .forward(
                    new ParameterStore(manager, false),
                    new NDList(manager.zeros(new Shape(1, 3, 16, 16))),
                    false));
  }

  private static NDArray objective(NDList heads) {
    NDArray total = null;
    for (NDArray h : heads) {
      NDArray term = h.sub(0.3).square().sum();
      total = total == null ? term : total.add(term);
    }
    return total;
  }

  @Test
  void gradientReachesEveryParameter() {
    VitHashingModel model = VitHashingModel.dualStream(TINY, 32, 2);
    model.block().initialize(manager, DataType.FLOAT32, new Shape(4, 1, 16, 16));
    for (var p : model.block().getParameters()) {
      p.getValue().getArray().setRequiresGradient(true);
    }
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(objective(forward(model, 4, true)));
    }
    for (var p : model.block().getParameters()) {
      float max = p.getValue().getArray().getGradient().abs().max().getFloat();
      assertTrue(max > 0, "no gradient for " + p.getKey());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = VitConfig.Stem.class,
      names = {"CONV", "RESIDUAL", "RESIDUAL_NARROW", "RESIDUAL_LITE"})
  void convolutionalStemsKeepThePatchGridAndTrainEveryParameter(VitConfig.Stem stem) {
    VitConfig conv = TINY.withStem(stem);
    VitHashingModel model = VitHashingModel.dualStream(conv, 32, 2);
    model.block().initialize(manager, DataType.FLOAT32, new Shape(4, 1, 16, 16));
    var names = model.block().getParameters().keys();
    assertTrue(names.stream().anyMatch(n -> n.contains("conv_stem")), names.toString());
    assertFalse(names.stream().anyMatch(n -> n.contains("patch_embed")), names.toString());
    assertEquals(
        VitHashingModel.dualStream(TINY, 32, 2).network().groupRanges().size(),
        model.network().groupRanges().size());
    for (var p : model.block().getParameters()) {
      if (!p.getKey().contains("running")) {
        p.getValue().getArray().setRequiresGradient(true);
      }
    }
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDList heads = forward(model, 4, true);
      assertEquals(new Shape(4, 16), heads.get(0).getShape());
      collector.backward(objective(heads));
    }
    for (var p : model.block().getParameters()) {
      if (p.getKey().contains("running")) {
        continue; // batch-norm statistics are not trained
      }
      float max = p.getValue().getArray().getGradient().abs().max().getFloat();
      assertTrue(max > 0, "no gradient for " + p.getKey());
    }
    // inference uses the running statistics: one image gives the same code alone or in a batch
    NDArray images = manager.randomUniform(0, 1, new Shape(3, 1, 16, 16));
    NDArray alone =
        model
            .block()
            .forward(new ParameterStore(manager, false), new NDList(images.get("0:1")), false)
            .get(0);
    NDArray batched =
        model.block().forward(new ParameterStore(manager, false), new NDList(images), false).get(0);
    assertTrue(alone.get(0).allClose(batched.get(0), 1e-4, 1e-5, false));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> new VitConfig(28, 7, 1, 32, 2, 2, 2, 0, 0, 0, stem));
    assertTrue(e.getMessage().contains("power of 2"), e.getMessage());
    assertEquals(
        VitConfig.SMALL_28.withStem(stem),
        VitConfig.preset("small-28-" + stem.name().toLowerCase(Locale.ROOT).replace('_', '-')));
  }

  @Test
  void theNarrowResidualStemHasHalfTheWidthsAndAboutAQuarterOfTheWeights() {
    long full = stemWeights(VitConfig.SMALL_28_RESIDUAL_D2);
    long narrow = stemWeights(VitConfig.SMALL_28_RESIDUAL_NARROW_D2);
    // 3x3 convolutions scale with the square of the width, the final 1x1 to D with the width
    assertTrue(narrow > 0.2 * full && narrow < 0.3 * full, narrow + " of " + full);
    assertEquals(
        VitConfig.SMALL_28_RESIDUAL.withDepth(2).withStem(VitConfig.Stem.RESIDUAL_NARROW),
        VitConfig.preset("small-28-residual-narrow-d2"));
    assertEquals(
        VitConfig.SMALL_32_RESIDUAL_D2.withStem(VitConfig.Stem.RESIDUAL_NARROW),
        VitConfig.preset("small-32-residual-narrow-d2"));
  }

  @Test
  void theLiteStemLeavesOutTheStrideOneBlockAfterEachHalving() {
    long narrow = stemWeights(VitConfig.SMALL_28_RESIDUAL_NARROW_D2);
    long lite = stemWeights(VitConfig.SMALL_28_RESIDUAL_LITE_D2);
    // SMALL_28 (D 192, patch 4) halves twice, to 48 and then 96 channels; each left-out basic
    // block holds two 3x3 convolutions without bias, each with batch norm's scale and shift
    long leftOut = 0;
    for (int channels : new int[] {48, 96}) {
      leftOut += 2L * (channels * channels * 9 + 2 * channels);
    }
    assertEquals(narrow - leftOut, lite);
    assertEquals(
        VitConfig.SMALL_28_RESIDUAL_NARROW_D2.withStem(VitConfig.Stem.RESIDUAL_LITE),
        VitConfig.preset("small-28-residual-lite-d2"));
  }

  @Test
  void theMlp2PresetHalvesEveryEncoderMlpAndTheDropPresetsChangeNoWeight() {
    VitConfig base = VitConfig.SMALL_28_RESIDUAL_NARROW_D2;
    // three blocks (shared, global, local), each fc1 (D x hidden + hidden) and fc2 (hidden x D + D)
    int d = base.dim();
    assertEquals(3L * (2 * d * 4 * d + 4 * d + d), weights(base, "fc"));
    assertEquals(
        3L * (2 * d * 2 * d + 2 * d + d),
        weights(VitConfig.SMALL_28_RESIDUAL_NARROW_D2_MLP2, "fc"));
    assertEquals(base.withMlpRatio(2), VitConfig.preset("small-28-residual-narrow-d2-mlp2"));
    VitConfig dropout = VitConfig.preset("small-28-residual-narrow-d2-dropout");
    assertEquals(base.withRegularisation(0.1, 0, 0), dropout);
    assertEquals(weights(base, ""), weights(dropout, ""));
    VitConfig dropPath = VitConfig.preset("small-28-residual-narrow-d2-drop-path");
    assertEquals(base.withRegularisation(0, 0, 0.1), dropPath);
    assertEquals(weights(base, ""), weights(dropPath, ""));
  }

  @Test
  void dropPathDropsWholeResidualBranchesOfSomeImagesOnlyInTraining() {
    Engine.getInstance().setRandomSeed(7);
    int batch = 32;
    EncoderBlock block = new EncoderBlock(TINY, 0.9);
    Shape tokens = new Shape(batch, 5, TINY.dim());
    block.initialize(manager, DataType.FLOAT32, tokens);
    NDArray z = manager.randomNormal(tokens);
    ParameterStore store = new ParameterStore(manager, false);
    // an image whose two branches were both dropped leaves the block unchanged
    int unchangedInTraining =
        unchangedImages(z, block.forward(store, new NDList(z), true).singletonOrThrow());
    int unchangedInInference =
        unchangedImages(z, block.forward(store, new NDList(z), false).singletonOrThrow());
    assertTrue(
        unchangedInTraining > 0 && unchangedInTraining < batch,
        "images left unchanged: " + unchangedInTraining);
    assertEquals(0, unchangedInInference);
  }

  private static int unchangedImages(NDArray in, NDArray out) {
    int unchanged = 0;
    for (int i = 0; i < in.getShape().get(0); i++) {
      if (in.get(i).contentEquals(out.get(i))) {
        unchanged++;
      }
    }
    return unchanged;
  }

  @Test
  void theWidePresetWidensTheEncoderAndTheStemAndKeepsTheHeadSize() {
    VitConfig base = VitConfig.SMALL_28_RESIDUAL_NARROW_D2;
    VitConfig wide = VitConfig.preset("small-28-residual-narrow-d2-wide");
    assertEquals(base.withWidth(256, 4), wide);
    assertEquals(base.dim() / base.heads(), wide.dim() / wide.heads());
    int d = wide.dim();
    assertEquals(3L * (2 * d * 4 * d + 4 * d + d), weights(wide, "fc"));
    assertTrue(stemWeights(wide) > stemWeights(base));
    assertThrows(InvalidInputException.class, () -> base.withWidth(256, 3));
  }

  private long stemWeights(VitConfig config) {
    return weights(config, "conv_stem");
  }

  /** The learnt weights of a fresh dual-stream model whose parameter names contain {@code part}. */
  private long weights(VitConfig config, String part) {
    VitHashingModel model = VitHashingModel.dualStream(config, 32, 2);
    model.block().initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
    return model.block().getParameters().stream()
        .filter(p -> p.getKey().contains(part) && !p.getKey().contains("running"))
        .mapToLong(p -> p.getValue().getArray().size())
        .sum();
  }

  @Test
  void localNormNormalisesTheLocalClassTokensOnly() {
    Shape input = new Shape(4, 1, 16, 16);
    VitHashingModel plain = VitHashingModel.of(TINY, 32, 2, true, false, false);
    VitHashingModel normed = VitHashingModel.of(TINY, 32, 2, true, false, true);
    plain.block().initialize(manager, DataType.FLOAT32, input);
    normed.block().initialize(manager, DataType.FLOAT32, input);
    VitHashNet.copyParameters(plain.block(), normed.block());
    assertTrue(normed.network().localNorm());
    assertEquals(plain.headBits(), normed.headBits(), "same heads, same parameters");
    NDArray images = manager.randomUniform(0, 1, input);
    ParameterStore ps = new ParameterStore(manager, false);
    NDList a = plain.block().forward(ps, new NDList(images), false);
    NDList b = normed.block().forward(ps, new NDList(images), false);
    assertTrue(a.get(0).contentEquals(b.get(0)), "the global head is unchanged");
    for (int k = 1; k < a.size(); k++) {
      assertFalse(a.get(k).allClose(b.get(k), 1e-3, 1e-4, false), "local head " + k + " changes");
    }
    // with every local hash layer set to the mean over the D dimensions, a normalised token gives
    // 0 (LayerNorm starts with gain 1 and bias 0: mean 0 over D); the raw token does not
    for (VitHashingModel model : List.of(plain, normed)) {
      for (var p : model.block().getParameters()) {
        if (p.getKey().contains("hash_local")) {
          NDArray w = p.getValue().getArray();
          float value = p.getKey().endsWith("weight") ? 1f / TINY.dim() : 0f;
          w.set(w.onesLike().mul(value).toFloatArray());
        }
      }
      NDList heads = model.block().forward(ps, new NDList(images), false);
      for (int k = 1; k < heads.size(); k++) {
        float largest = heads.get(k).abs().max().getFloat();
        assertEquals(
            model.network().localNorm(), largest < 1e-4f, "local head " + k + ": " + largest);
      }
    }
    assertFalse(
        new VitHashNet(TINY, 32, 0, false, false, true).localNorm(),
        "the single stream has no local heads to normalise");
  }

  @Test
  void tanhOnUnnormalisedLocalTokensIsWarnedAbout() {
    Logger logger = (Logger) LoggerFactory.getLogger(VitHashNet.class);
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    logger.addAppender(warnings);
    try {
      new VitHashNet(TINY, 32, 2, true, true, true);
      new VitHashNet(TINY, 32, 2, true, false, false);
      new VitHashNet(TINY, 32, 0, false, true, false);
      assertEquals(List.of(), warnings.list, "tanh with localNorm, no tanh, no local streams");
      new VitHashNet(TINY, 32, 2, true, true, false);
      assertEquals(1, warnings.list.size());
      assertEquals(Level.WARN, warnings.list.get(0).getLevel());
      assertTrue(
          warnings.list.get(0).getFormattedMessage().contains("--local-norm"),
          warnings.list.get(0).getFormattedMessage());
    } finally {
      logger.detachAppender(warnings);
    }
  }

  @Test
  void globalAndLocalBlocksStartEqualAndDivergeWithTraining() {
    VitHashingModel model = VitHashingModel.dualStream(TINY, 32, 2);
    model.block().initialize(manager, DataType.FLOAT32, new Shape(4, 1, 16, 16));
    List<Block> blocks = model.network().encoderBlocks();
    Block global = blocks.get(blocks.size() - 2);
    Block local = blocks.get(blocks.size() - 1);
    assertEquals(0f, maxDifference(global, local), "both start as the same block");
    for (var p : model.block().getParameters()) {
      p.getValue().getArray().setRequiresGradient(true);
    }
    for (int step = 0; step < 3; step++) {
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(objective(forward(model, 4, true)));
      }
      for (var p : model.block().getParameters()) {
        NDArray w = p.getValue().getArray();
        w.subi(w.getGradient().mul(1e-4));
      }
    }
    float difference = maxDifference(global, local);
    assertTrue(
        Float.isFinite(difference) && difference > 0,
        "the blocks diverge once trained: " + difference);
  }

  private static float maxDifference(Block a, Block b) {
    float max = 0;
    var pa = a.getParameters();
    var pb = b.getParameters();
    for (int i = 0; i < pa.size(); i++) {
      max =
          Math.max(
              max, pa.valueAt(i).getArray().sub(pb.valueAt(i).getArray()).abs().max().getFloat());
    }
    return max;
  }

  @Test
  void weightsRoundTripThroughSafetensors(@TempDir Path dir) throws Exception {
    VitHashingModel model = VitHashingModel.dualStream(TINY, 32, 2);
    model.block().initialize(manager, DataType.FLOAT32, new Shape(2, 1, 16, 16));
    Path file = dir.resolve("model.safetensors");
    VitWeights.save(model.block(), file);
    VitHashingModel fresh = VitHashingModel.dualStream(TINY, 32, 2);
    fresh.block().initialize(manager, DataType.FLOAT32, new Shape(2, 1, 16, 16));
    NDArray images = manager.randomUniform(0, 1, new Shape(2, 1, 16, 16));
    ParameterStore ps = new ParameterStore(manager, false);
    NDList before = fresh.block().forward(ps, new NDList(images), false);
    NDList original = model.block().forward(ps, new NDList(images), false);
    assertFalse(before.get(0).contentEquals(original.get(0)), "fresh weights differ");
    VitWeights.LoadReport report = VitWeights.load(fresh.block(), file, manager, false);
    assertTrue(report.complete());
    NDList after = fresh.block().forward(ps, new NDList(images), false);
    for (int i = 0; i < original.size(); i++) {
      assertTrue(
          after.get(i).contentEquals(original.get(i)), "head " + i + " identical after import");
    }
    // a model with other heads finds the hash layers mismatched or missing, and says which
    VitHashingModel other = VitHashingModel.dualStream(TINY, 48, 3);
    other.block().initialize(manager, DataType.FLOAT32, new Shape(2, 1, 16, 16));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> VitWeights.load(other.block(), file, manager, false));
    assertTrue(e.getMessage().contains("hash_local_2"), e.getMessage());
    VitWeights.LoadReport partial = VitWeights.load(other.block(), file, manager, true);
    assertFalse(partial.complete());
    assertTrue(partial.loaded().contains("cls_token"));
  }
}
