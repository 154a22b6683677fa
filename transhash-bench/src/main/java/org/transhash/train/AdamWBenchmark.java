package org.transhash.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.transhash.backbone.HashingModels;

/**
 * The optimiser's share of a training step: one AdamW update of every trainable array of a model,
 * with the trainer's clipping factor, from gradients copied into the step's manager as the trainer
 * holds them. {@code trainer} is the trainer's {@code Optimizer} (one fused engine call an array);
 * {@code opByOp} is the same update written op by op on NDArrays, as {@code Optimizer} did until
 * the fused call replaced it (kept here as the reference it is measured against). {@code copy} is
 * the gradients' copy alone, which both include.
 *
 * <p>In the package of {@code Optimizer}, which is not public API.
 *
 * <pre>
 * transhash-bench/scripts/run_jmh.sh AdamWBenchmark
 * transhash-bench/scripts/run_jmh.sh AdamWBenchmark -p model=resnet18
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Dai.djl.offline=true",
      "-Dai.djl.pytorch.num_threads=2",
      "-Dai.djl.pytorch.num_interop_threads=1"
    })
public class AdamWBenchmark {
  private static final double LR = 1e-3;
  private static final double WEIGHT_DECAY = 0.05;
  private static final double CLIPPING = 0.5;

  /** A built-in model name ({@code vit-dual} is the default preset, the demo's model). */
  @Param({"vit-dual"})
  public String model;

  private NDManager manager;
  private final List<String> names = new ArrayList<>();
  private final List<NDArray> weights = new ArrayList<>();
  private final List<NDArray> gradients = new ArrayList<>();
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private Optimizer optimizer;
  private int updates;

  @Setup
  public void setUp() {
    manager = NDManager.newBaseManager();
    Block block =
        HashingModels.create(
                model, new HashingModels.Spec(28, 1, 32, 2, "small-28-residual-narrow-d2", false))
            .block();
    block.initialize(manager, DataType.FLOAT32, new Shape(64, 1, 28, 28));
    for (Pair<String, Parameter> p : block.getParameters()) {
      if (p.getValue().requiresGradient()) {
        NDArray w = p.getValue().getArray();
        names.add(p.getKey());
        weights.add(w);
        gradients.add(manager.randomNormal(w.getShape()).mul(1e-3));
        firstMoments.add(w.zerosLike());
        secondMoments.add(w.zerosLike());
      }
    }
    optimizer =
        new Optimizer(
            new TrainConfig(
                1,
                64,
                TrainConfig.OptimizerKind.ADAMW,
                LR,
                1,
                WEIGHT_DECAY,
                0.9,
                0,
                1.0,
                0,
                false));
  }

  @TearDown
  public void tearDown() {
    optimizer.close();
    manager.close();
  }

  private List<NDArray> copies(NDManager step) {
    List<NDArray> copies = new ArrayList<>(gradients.size());
    for (NDArray g : gradients) {
      NDArray copy = g.duplicate();
      copy.attach(step);
      copies.add(copy);
    }
    return copies;
  }

  /** The gradients' copy alone. */
  @Benchmark
  public int copy() {
    try (NDManager step = manager.newSubManager()) {
      return copies(step).size();
    }
  }

  /** The trainer's AdamW. */
  @Benchmark
  public int trainer() {
    try (NDManager step = manager.newSubManager()) {
      List<NDArray> g = copies(step);
      for (int i = 0; i < g.size(); i++) {
        optimizer.update(names.get(i), weights.get(i), g.get(i), CLIPPING, LR);
      }
      optimizer.stepDone();
      return g.size();
    }
  }

  /** AdamW op by op, as {@code Optimizer} wrote it before the fused call. */
  @Benchmark
  public int opByOp() {
    updates++;
    double b1 = 0.9;
    double b2 = 0.999;
    try (NDManager step = manager.newSubManager()) {
      List<NDArray> copies = copies(step);
      for (int i = 0; i < copies.size(); i++) {
        NDArray weight = weights.get(i);
        NDArray gradient = copies.get(i).mul(CLIPPING);
        NDArray m = firstMoments.get(i);
        NDArray v = secondMoments.get(i);
        m.muli(b1).addi(gradient.mul(1 - b1));
        v.muli(b2).addi(gradient.square().mul(1 - b2));
        NDArray mHat = local(m.div(1 - Math.pow(b1, updates)), step);
        NDArray vHat = local(v.div(1 - Math.pow(b2, updates)), step);
        NDArray direction = mHat.div(vHat.sqrt().add(1e-8));
        direction = direction.add(local(weight.mul(WEIGHT_DECAY), step));
        weight.subi(direction.mul(LR));
      }
      return copies.size();
    }
  }

  private static NDArray local(NDArray temporary, NDManager step) {
    temporary.attach(step);
    return temporary;
  }
}
