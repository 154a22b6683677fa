package org.transhash.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.transhash.api.HashingLoss;
import org.transhash.loss.TransHashLoss;

/**
 * The TransHash loss of one training batch, forward and backward, as the trainer's step runs it: a
 * batch of 64 images, a global head of 16 bits and two local heads of 8 (32 bits, K = 2), one-hot
 * labels of 10 classes, the pairs and their weights built on the host from the labels. It isolates
 * the loss's share of a step (the whole step, with the model, is {@code VitStepBenchmark}).
 *
 * <pre>
 * transhash-bench/scripts/run_jmh.sh TransHashLossBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Dai.djl.offline=true",
      "-Dai.djl.pytorch.num_threads=2",
      "-Dai.djl.pytorch.num_interop_threads=1"
    })
public class TransHashLossBenchmark {
  private static final int BATCH = 64;
  private static final int CLASSES = 10;
  private static final int[] HEAD_BITS = {16, 8, 8};

  private NDManager manager;
  private HashingLoss loss;
  private float[][] heads;
  private float[] labels;

  @Setup
  public void setUp() {
    manager = NDManager.newBaseManager();
    loss = TransHashLoss.builder().build();
    Random random = new Random(0);
    heads = new float[HEAD_BITS.length][];
    for (int k = 0; k < HEAD_BITS.length; k++) {
      heads[k] = new float[BATCH * HEAD_BITS[k]];
      for (int i = 0; i < heads[k].length; i++) {
        heads[k][i] = (float) random.nextGaussian();
      }
    }
    labels = new float[BATCH * CLASSES];
    for (int i = 0; i < BATCH; i++) {
      labels[i * CLASSES + random.nextInt(CLASSES)] = 1;
    }
  }

  @TearDown
  public void tearDown() {
    manager.close();
  }

  /** The loss and the gradient of every head, in a sub-manager as the trainer's step. */
  @Benchmark
  public float lossAndGradients() {
    try (NDManager step = manager.newSubManager()) {
      NDList outputs = new NDList();
      for (int k = 0; k < HEAD_BITS.length; k++) {
        NDArray h = step.create(heads[k], new Shape(BATCH, HEAD_BITS[k]));
        h.setRequiresGradient(true);
        outputs.add(h);
      }
      NDArray batchLabels = step.create(labels, new Shape(BATCH, CLASSES));
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray value = loss.evaluate(outputs, batchLabels);
        collector.backward(value);
        return value.getFloat() + outputs.get(0).getGradient().getFloat(0, 0);
      }
    }
  }
}
