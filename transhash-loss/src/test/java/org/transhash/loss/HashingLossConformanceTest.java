package org.transhash.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.transhash.api.CrossBatchLoss;
import org.transhash.api.HashingLoss;
import org.transhash.api.InvalidInputException;
import org.transhash.api.testing.GarbageCollections;

/**
 * The suite every {@link HashingLoss} passes: finite loss and gradients on random batches
 * (single-label, multi-label, one class only, no shared label, identical and zero vectors), the
 * same value when called twice, a lower loss for codes that match the labels than for shuffled
 * codes, analytic gradients that agree with central finite differences (in float64), and the same
 * gradients when a garbage collection runs between the forward and the backward pass.
 */
public abstract class HashingLossConformanceTest {
  /** Bits of the heads the suite feeds: a global head and two local heads. */
  static final int[] HEAD_BITS = {8, 4, 4};

  static final int BATCH = 12;

  /**
   * Width of every label matrix the suite feeds (how many classes each batch uses varies): losses
   * with a classifier have a fixed class count.
   */
  static final int CLASSES = 12;

  protected NDManager manager;

  /** The loss under test. */
  protected abstract HashingLoss newLoss();

  /**
   * Prepares a loss for heads of the given type: initialises the blocks of {@link
   * HashingLoss#parameters()} for the suite's code length. Losses with parameters whose values
   * matter to a test (a classifier) set them here.
   */
  protected void prepare(HashingLoss loss, DataType type) {
    int bits = java.util.Arrays.stream(HEAD_BITS).sum();
    loss.parameters().ifPresent(b -> b.initialize(manager, type, new Shape(1, bits)));
  }

  /** False for losses whose gradient is deliberately not the derivative (straight-through). */
  protected boolean exactGradient() {
    return true;
  }

  private HashingLoss loss(DataType type) {
    HashingLoss loss = newLoss();
    prepare(loss, type);
    return loss;
  }

  @BeforeEach
  void openManager() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  NDList randomHeads(long seed, DataType type) {
    return randomHeads(seed, BATCH, type);
  }

  /** Gaussian outputs of {@code rows} images, (rows, bits) per head. */
  NDList randomHeads(long seed, int rows, DataType type) {
    Random random = new Random(seed);
    NDList heads = new NDList();
    for (int bits : HEAD_BITS) {
      double[] v = new double[rows * bits];
      for (int i = 0; i < v.length; i++) {
        v[i] = random.nextGaussian() * 0.7;
      }
      heads.add(manager.create(v, new Shape(rows, bits)).toType(type, false));
    }
    return heads;
  }

  NDArray classLabels(int[] classes) {
    float[] flags = new float[classes.length * CLASSES];
    for (int i = 0; i < classes.length; i++) {
      flags[i * CLASSES + classes[i]] = 1;
    }
    return manager.create(flags, new Shape(classes.length, CLASSES));
  }

  NDArray randomClassLabels(long seed, int classCount) {
    Random random = new Random(seed);
    int[] classes = new int[BATCH];
    for (int i = 0; i < BATCH; i++) {
      classes[i] = random.nextInt(classCount);
    }
    return classLabels(classes);
  }

  /** Multi-hot labels over the first {@code classCount} classes. */
  NDArray randomMultiHot(long seed, int classCount) {
    Random random = new Random(seed);
    float[] flags = new float[BATCH * CLASSES];
    for (int i = 0; i < BATCH; i++) {
      for (int c = 0; c < classCount; c++) {
        flags[i * CLASSES + c] = random.nextDouble() < 0.3 ? 1 : 0;
      }
    }
    return manager.create(flags, new Shape(BATCH, CLASSES));
  }

  /** Loss value and gradient of every head; asserts both finite. */
  double[] valueAndCheckGradients(HashingLoss loss, NDList heads, NDArray labels) {
    for (NDArray h : heads) {
      h.setRequiresGradient(true);
    }
    double value;
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray result = loss.evaluate(heads, labels);
      assertEquals(0, result.getShape().dimension(), "the loss is a scalar");
      assertEquals(
          heads.get(0).getDataType(), result.getDataType(), "the loss keeps the heads' type");
      value = result.toType(DataType.FLOAT64, false).getDouble();
      collector.backward(result);
    }
    assertTrue(Double.isFinite(value), loss.name() + " gave " + value);
    for (NDArray h : heads) {
      for (double g : h.getGradient().toType(DataType.FLOAT64, false).toDoubleArray()) {
        assertTrue(Double.isFinite(g), loss.name() + " gradient " + g);
      }
    }
    return new double[] {value};
  }

  @Test
  void finiteOnSingleAndMultiLabelBatches() {
    HashingLoss loss = loss(DataType.FLOAT32);
    valueAndCheckGradients(loss, randomHeads(1, DataType.FLOAT32), randomClassLabels(2, 3));
    valueAndCheckGradients(loss, randomHeads(3, DataType.FLOAT32), randomMultiHot(4, 5));
  }

  @Test
  void finiteWithOneClassOnlyAndWithNoSharedLabel() {
    HashingLoss loss = loss(DataType.FLOAT32);
    valueAndCheckGradients(loss, randomHeads(5, DataType.FLOAT32), classLabels(new int[BATCH]));
    int[] distinct = new int[BATCH];
    for (int i = 0; i < BATCH; i++) {
      distinct[i] = i;
    }
    valueAndCheckGradients(loss, randomHeads(6, DataType.FLOAT32), classLabels(distinct));
  }

  @Test
  void finiteForIdenticalAndZeroVectors() {
    HashingLoss loss = loss(DataType.FLOAT32);
    NDList same = new NDList();
    NDList zero = new NDList();
    for (int bits : HEAD_BITS) {
      same.add(manager.ones(new Shape(BATCH, bits)));
      zero.add(manager.zeros(new Shape(BATCH, bits)));
    }
    valueAndCheckGradients(loss, same, randomClassLabels(7, 3));
    valueAndCheckGradients(loss, zero, randomClassLabels(8, 3));
  }

  /**
   * A garbage collection between the forward and the backward pass (which a long run meets by
   * chance) leaves the gradients bit for bit as they are: constants go through {@link
   * org.transhash.api.Scalars}, not DJL's {@code mul(Number)} and the like.
   */
  @Test
  void gradientsSurviveAGarbageCollectionBeforeTheBackwardPass() {
    HashingLoss loss = loss(DataType.FLOAT32);
    NDArray labels = randomMultiHot(15, 4);
    float[] undisturbed = headGradients(loss, randomHeads(16, DataType.FLOAT32), labels, false);
    float[] collected = headGradients(loss, randomHeads(16, DataType.FLOAT32), labels, true);
    assertArrayEquals(undisturbed, collected, loss.name() + ": the gradients changed");
  }

  private static float[] headGradients(
      HashingLoss loss, NDList heads, NDArray labels, boolean collectBeforeBackward) {
    for (NDArray h : heads) {
      h.setRequiresGradient(true);
    }
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray result = loss.evaluate(heads, labels);
      if (collectBeforeBackward) {
        GarbageCollections.collectAndReuseFreedBuffers();
      }
      collector.backward(result);
    }
    NDList gradients = new NDList();
    for (NDArray h : heads) {
      gradients.add(h.getGradient());
    }
    return NDArrays.concat(gradients, 1).toFloatArray();
  }

  @Test
  void callingTwiceGivesTheSameValue() {
    HashingLoss loss = loss(DataType.FLOAT32);
    NDList heads = randomHeads(9, DataType.FLOAT32);
    NDArray labels = randomMultiHot(10, 4);
    float first = loss.evaluate(heads, labels).getFloat();
    float second = loss.evaluate(heads, labels).getFloat();
    assertEquals(first, second, 0f);
  }

  /**
   * The codes that match each class for this loss: random sign patterns by default; losses with
   * fixed class targets (hash centres, class codes) return those.
   */
  protected double[][] classCodes(int classes, int bits, Random random) {
    double[][] centre = new double[classes][bits];
    for (double[] c : centre) {
      for (int b = 0; b < bits; b++) {
        c[b] = random.nextBoolean() ? 1 : -1;
      }
    }
    return centre;
  }

  @Test
  void codesThatMatchTheLabelsCostLess() {
    HashingLoss loss = loss(DataType.FLOAT32);
    Random random = new Random(11);
    int classes = 4;
    double[][] centre = classCodes(CLASSES, 16, random);
    int[] classOf = new int[BATCH];
    for (int i = 0; i < BATCH; i++) {
      classOf[i] = i % classes;
    }
    // the shuffled batch gives image i the code of image perm[i]: same codes, wrong owners
    int[] perm = {5, 2, 7, 0, 9, 4, 11, 6, 1, 8, 3, 10};
    int[] shuffledOf = new int[BATCH];
    for (int i = 0; i < BATCH; i++) {
      shuffledOf[i] = classOf[perm[i]];
    }
    NDArray labels = classLabels(classOf);
    double matched = loss.evaluate(codes(centre, classOf, new Random(12)), labels).getFloat();
    double shuffled = loss.evaluate(codes(centre, shuffledOf, new Random(12)), labels).getFloat();
    assertTrue(
        matched < shuffled, loss.name() + ": matched " + matched + " vs shuffled " + shuffled);
  }

  private NDList codes(double[][] centre, int[] classOf, Random random) {
    NDList heads = new NDList();
    int offset = 0;
    for (int bits : HEAD_BITS) {
      double[] v = new double[BATCH * bits];
      for (int i = 0; i < BATCH; i++) {
        for (int b = 0; b < bits; b++) {
          v[i * bits + b] = 0.9 * centre[classOf[i]][offset + b] + 0.1 * random.nextGaussian();
        }
      }
      heads.add(manager.create(v, new Shape(BATCH, bits)).toType(DataType.FLOAT32, false));
      offset += bits;
    }
    return heads;
  }

  @Test
  void gradientsAgreeWithFiniteDifferences() {
    org.junit.jupiter.api.Assumptions.assumeTrue(exactGradient(), "straight-through gradient");
    HashingLoss loss = loss(DataType.FLOAT64);
    NDArray labels = randomMultiHot(13, 4);
    assertGradientsMatchDifferences(
        randomHeads(12, DataType.FLOAT64), h -> loss.evaluate(h, labels), loss.name(), 14, 12);
  }

  /**
   * Labels of a batch mixed as batch mixing mixes them: image i takes {@code lambda} of its class
   * and {@code 1 - lambda} of image {@code BATCH - 1 - i}'s.
   */
  NDArray mixedLabels(long seed, int classCount, double lambda) {
    float[] hard = randomClassLabels(seed, classCount).toFloatArray();
    float[] mixed = new float[hard.length];
    for (int i = 0; i < BATCH; i++) {
      int partner = BATCH - 1 - i;
      for (int c = 0; c < CLASSES; c++) {
        mixed[i * CLASSES + c] =
            (float) (lambda * hard[i * CLASSES + c] + (1 - lambda) * hard[partner * CLASSES + c]);
      }
    }
    return manager.create(mixed, new Shape(BATCH, CLASSES));
  }

  /**
   * A loss that accepts mixed labels gives finite values with exact gradients on them, its 0/1
   * value at lambda 1 and another value in between; one that does not refuses them with a typed
   * error, whatever it would do with them.
   */
  @Test
  void mixedLabelsGiveExactGradientsOrAreRefused() {
    NDArray mixed = mixedLabels(25, 4, 0.7);
    HashingLoss refusing = loss(DataType.FLOAT32);
    if (!refusing.acceptsMixedLabels()) {
      NDList heads = randomHeads(24, DataType.FLOAT32);
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> refusing.evaluate(heads, mixed));
      assertTrue(e.getMessage().contains("0 or 1"), e.getMessage());
      return;
    }
    HashingLoss loss = loss(DataType.FLOAT64);
    NDList heads = randomHeads(24, DataType.FLOAT64);
    double hard = loss.evaluate(heads, randomClassLabels(25, 4)).getDouble();
    assertEquals(hard, loss.evaluate(heads, mixedLabels(25, 4, 1)).getDouble(), 1e-12);
    double value = loss.evaluate(heads, mixed).getDouble();
    assertTrue(Double.isFinite(value), loss.name() + " gave " + value);
    assertNotEquals(hard, value, 1e-9, "the mixed shares count");
    assertGradientsMatchDifferences(
        heads, h -> loss.evaluate(h, mixed), loss.name() + " with mixed labels", 26, 8);
    NDArray outOfRange = mixed.mul(2);
    assertThrows(InvalidInputException.class, () -> loss.evaluate(heads, outOfRange));
  }

  /**
   * Backpropagates {@code loss} at {@code heads}, then compares the gradient of {@code checks}
   * random entries with central differences of the same function (in float64).
   */
  private void assertGradientsMatchDifferences(
      NDList heads, Function<NDList, NDArray> loss, String what, long seed, int checks) {
    for (NDArray h : heads) {
      h.setRequiresGradient(true);
    }
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(loss.apply(heads));
    }
    Random random = new Random(seed);
    double eps = 1e-6;
    for (int check = 0; check < checks; check++) {
      int head = random.nextInt(heads.size());
      double[] base = heads.get(head).toDoubleArray();
      int k = random.nextInt(base.length);
      double analytic = heads.get(head).getGradient().toDoubleArray()[k];
      double[] plus = base.clone();
      double[] minus = base.clone();
      plus[k] += eps;
      minus[k] -= eps;
      double numeric =
          (loss.apply(replaced(heads, head, plus)).getDouble()
                  - loss.apply(replaced(heads, head, minus)).getDouble())
              / (2 * eps);
      assertEquals(
          numeric,
          analytic,
          1e-5 * Math.max(1, Math.abs(numeric)),
          what + " d/d head " + head + "[" + k + "]");
    }
  }

  /** A copy of the heads with one head's values replaced. */
  private NDList replaced(NDList heads, int head, double[] values) {
    NDList copy = new NDList();
    for (int i = 0; i < heads.size(); i++) {
      copy.add(
          i == head ? manager.create(values, heads.get(i).getShape()) : heads.get(i).duplicate());
    }
    return copy;
  }

  /** Outputs of {@code rows} remembered images, (rows, bits) per head, without gradient. */
  NDList randomMemory(long seed, int rows) {
    return randomHeads(seed, rows, DataType.FLOAT64);
  }

  NDArray memoryLabels(long seed, int rows) {
    Random random = new Random(seed);
    float[] flags = new float[rows * CLASSES];
    for (int i = 0; i < rows; i++) {
      flags[i * CLASSES + random.nextInt(4)] = 1;
    }
    return manager.create(flags, new Shape(rows, CLASSES));
  }

  /** The loss under test as a {@link CrossBatchLoss}; skips the test for a loss that is not one. */
  private CrossBatchLoss crossBatchLoss(DataType type) {
    HashingLoss plain = newLoss();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        plain instanceof CrossBatchLoss, "takes no cross-batch memory");
    prepare(plain, type);
    return (CrossBatchLoss) plain;
  }

  @Test
  void aCrossBatchMemoryAddsPairsWithExactGradients() {
    CrossBatchLoss loss = crossBatchLoss(DataType.FLOAT64);
    NDList heads = randomHeads(15, DataType.FLOAT64);
    NDArray labels = randomClassLabels(16, 4);
    NDList memory = randomMemory(17, 20);
    NDArray remembered = memoryLabels(18, 20);
    double without = loss.evaluate(heads, labels).getDouble();
    double with = loss.evaluate(heads, labels, memory, remembered).getDouble();
    assertTrue(Double.isFinite(with), loss.name() + " gave " + with);
    assertNotEquals(without, with, 1e-9, "the remembered pairs count");
    // an empty memory leaves the batch's loss
    NDList empty = randomMemory(17, 0);
    assertEquals(
        without, loss.evaluate(heads, labels, empty, memoryLabels(18, 0)).getDouble(), 1e-12);

    assertGradientsMatchDifferences(
        heads,
        h -> loss.evaluate(h, labels, memory, remembered),
        loss.name() + " with memory",
        19,
        8);
  }

  @Test
  void aMemoryOfTheWrongShapeIsRefused() {
    CrossBatchLoss loss = crossBatchLoss(DataType.FLOAT32);
    NDList heads = randomHeads(20, DataType.FLOAT32);
    NDArray labels = randomClassLabels(21, 4);
    NDList memory = randomMemory(22, 6);
    assertThrows(
        InvalidInputException.class,
        () -> loss.evaluate(heads, labels, memory, memoryLabels(23, 5)),
        "5 labels for 6 remembered images");
    NDList narrow = new NDList(memory.get(0).get(":, :2"), memory.get(1), memory.get(2));
    assertThrows(
        InvalidInputException.class,
        () -> loss.evaluate(heads, labels, narrow, memoryLabels(23, 6)),
        "a remembered head of 2 bits against one of 8");
  }
}
