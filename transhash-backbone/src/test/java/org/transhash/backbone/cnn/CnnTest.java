package org.transhash.backbone.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.transhash.api.HashingModel;
import org.transhash.api.UnknownNameException;
import org.transhash.backbone.HashingModels;

class CnnTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** Trainable parameters, as torchvision counts them (BatchNorm running statistics excluded). */
  static long trainable(Block block) {
    long n = 0;
    for (var p : block.getParameters()) {
      Parameter.Type t = p.getValue().getType();
      if (t != Parameter.Type.RUNNING_MEAN && t != Parameter.Type.RUNNING_VAR) {
        n += p.getValue().getArray().size();
      }
    }
    return n;
  }

  @Test
  void reluChannelsLastKeepsValuesShapeAndGradient() {
    NDArray x = manager.randomNormal(new Shape(2, 3, 4, 5));
    NDArray y = x.duplicate();
    x.setRequiresGradient(true);
    y.setRequiresGradient(true);
    Block block = Cnns.reluChannelsLast();
    NDArray laidOut;
    try (var collector = Engine.getInstance().newGradientCollector()) {
      laidOut = block.forward(new ParameterStore(manager, false), new NDList(x), true).head();
      NDArray weights = manager.arange(120f).reshape(2, 3, 4, 5);
      collector.backward(laidOut.mul(weights).sum().add(Activation.relu(y).mul(weights).sum()));
    }
    assertEquals(new Shape(2, 3, 4, 5), laidOut.getShape());
    assertEquals(Activation.relu(y), laidOut);
    assertEquals(y.getGradient(), x.getGradient());
    // a convolution reads the same image whatever the memory order
    Block conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(6).build();
    conv.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 4, 5));
    ParameterStore ps = new ParameterStore(manager, false);
    NDArray plain = conv.forward(ps, new NDList(Activation.relu(y)), false).head();
    NDArray fromLaidOut = conv.forward(ps, new NDList(laidOut), false).head();
    assertTrue(plain.allClose(fromLaidOut, 1e-5, 1e-6, false));
  }

  /**
   * From {@link Cnns#CHANNELS_LAST_MIN_CHANNELS} input channels up, a strided 1 x 1 convolution
   * reading a channels-last array gets the gradients of the same convolution at stride 1 on the
   * plain, subsampled image. Below it oneDNN overruns its workspace (aborting the JVM on AVX-512),
   * which is why the residual stems keep narrower widths in the plain layout.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 8, 48})
  void stridedProjectionsReadChannelsLastRightFromTheMinimumWidth(int extraChannels) {
    int channels = Cnns.CHANNELS_LAST_MIN_CHANNELS + extraChannels;
    manager.getEngine().setRandomSeed(3);
    NDArray image = manager.randomNormal(new Shape(8, channels, 14, 14));
    NDArray weight = manager.randomNormal(new Shape(2 * channels, channels, 1, 1));
    NDArray outputWeights = manager.randomNormal(new Shape(8, 2 * channels, 7, 7));
    Block laidOut = Cnns.reluChannelsLast();
    NDArray input =
        laidOut.forward(new ParameterStore(manager, false), new NDList(image), false).head();
    NDArray strided = projectionGradient(input, weight, 2, outputWeights);
    NDArray subsampled =
        projectionGradient(Activation.relu(image).get(":, :, ::2, ::2"), weight, 1, outputWeights);
    assertTrue(strided.allClose(subsampled, 1e-4, 1e-3, false), channels + " channels");
  }

  /** The gradient of sum(conv(input) * outputWeights) with respect to a 1 x 1 kernel. */
  private static NDArray projectionGradient(
      NDArray input, NDArray weight, int stride, NDArray outputWeights) {
    NDArray w = weight.duplicate();
    w.setRequiresGradient(true);
    try (var collector = Engine.getInstance().newGradientCollector()) {
      NDArray out =
          Conv2d.conv2d(
                  input, w, null, new Shape(stride, stride), new Shape(0, 0), new Shape(1, 1), 1)
              .head();
      collector.backward(out.mul(outputWeights).sum());
    }
    return w.getGradient().duplicate();
  }

  @ParameterizedTest
  @CsvSource({"18, 11689512", "34, 21797672", "50, 25557032"})
  void resnetsHaveTorchvisionsParameterCounts(int depth, long expected) {
    SequentialBlock classifier =
        new SequentialBlock()
            .add(Cnns.resnet(depth, Cnns.Stem.IMAGENET))
            .add(Linear.builder().setUnits(1000).build());
    classifier.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
    assertEquals(expected, trainable(classifier));
  }

  @Test
  void alexnetHasTorchvisionsParameterCount() {
    SequentialBlock classifier =
        new SequentialBlock()
            .add(Cnns.alexnet(Cnns.Stem.IMAGENET, 0.5f))
            .add(Linear.builder().setUnits(1000).build());
    classifier.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
    assertEquals(61_100_840L, trainable(classifier));
  }

  @ParameterizedTest
  @CsvSource({
    "resnet18, 28, 1",
    "resnet34, 32, 3",
    "resnet50, 32, 3",
    "alexnet, 28, 1",
    "alexnet, 224, 3"
  })
  void hashModelsGiveOneTanhHead(String name, int image, int channels) {
    HashingModel model =
        HashingModels.create(
            name, new HashingModels.Spec(image, channels, 32, 0, "small-28", false));
    assertEquals(name, model.name());
    Shape input = new Shape(2, channels, image, image);
    model.block().initialize(manager, DataType.FLOAT32, input);
    NDList out =
        model
            .block()
            .forward(
                new ParameterStore(manager, false), new NDList(manager.randomNormal(input)), false);
    assertEquals(1, out.size());
    NDArray codes = out.singletonOrThrow();
    assertEquals(new Shape(2, 32), codes.getShape());
    assertTrue(codes.abs().max().getFloat() <= 1f, "tanh output");
    assertEquals(32, model.bits());
  }

  @Test
  void registryKnowsEveryModel() {
    for (String name : HashingModels.names()) {
      if (name.startsWith("vit")) {
        assertEquals(
            name,
            HashingModels.create(name, new HashingModels.Spec(28, 1, 32, 2, "small-28", false))
                .name());
      }
    }
    UnknownNameException e =
        assertThrows(
            UnknownNameException.class,
            () ->
                HashingModels.create(
                    "vgg16", new HashingModels.Spec(28, 1, 32, 2, "small-28", false)));
    assertTrue(e.getMessage().contains("resnet18"), e.getMessage());
  }
}
