package org.transhash.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Locale;
import org.transhash.backbone.vit.VitConfig;
import org.transhash.backbone.vit.VitHashNet;

/**
 * Training-step time of the dual-stream ViT (forward, backward, SGD update; batch 64) and encode
 * throughput (inference, batch 256) per preset; the PyTorch twin of the step is {@code
 * transhash-bench/scripts/vit_step_torch.py}.
 *
 * <pre>
 * transhash-bench/scripts/vit_step.sh step small-32 64 20      # preset, batch, measured steps
 * transhash-bench/scripts/vit_step.sh encode vit-b16 256 1
 * transhash-bench/scripts/vit_step.sh step small-28-residual 64 20 single   # no dual stream
 * transhash-bench/scripts/vit_step.sh step small-28-residual:2 64 20   # 2 encoder blocks (--depth 2)
 * transhash-bench/scripts/vit_step.sh leak small-28 64 300       # arrays and memory every 50 steps
 * transhash-bench/scripts/vit_step.sh profile small-28-residual-narrow-d2 64 5 trace.json
 * </pre>
 *
 * <p>{@code profile} runs the steps under PyTorch's profiler (after the warm-up) and writes its
 * Chrome trace, one event an operator, to the file given last; {@code
 * transhash-bench/scripts/profile_summary.py trace.json 5} adds up each operator's own time a step.
 */
public final class VitStepBenchmark {
  private VitStepBenchmark() {}

  /**
   * @param args mode (step|encode|leak|profile), preset (optionally {@code PRESET:DEPTH}, the
   *     preset with another number of encoder blocks, as {@code --depth} builds it), batch,
   *     repetitions, and optionally {@code single} for the no-dual-stream ablation (default: the
   *     dual stream, K = 2); for {@code profile}, the trace file in place of {@code single}
   */
  public static void main(String[] args) {
    String mode = args[0];
    String[] presetAndDepth = args[1].split(":", 2);
    VitConfig preset = VitConfig.preset(presetAndDepth[0]);
    VitConfig config =
        presetAndDepth.length == 2 ? preset.withDepth(Integer.parseInt(presetAndDepth[1])) : preset;
    int batch = Integer.parseInt(args[2]);
    int reps = Integer.parseInt(args[3]);
    Shape input = new Shape(batch, config.channels(), config.imageSize(), config.imageSize());
    try (NDManager root = NDManager.newBaseManager()) {
      boolean profile = mode.equals("profile");
      if (profile && args.length < 5) {
        throw new IllegalArgumentException("profile writes a trace: give its file after REPS");
      }
      boolean dualStream = args.length < 5 || profile || !args[4].equals("single");
      VitHashNet net = new VitHashNet(config, 32, 2, dualStream, false);
      net.initialize(root, DataType.FLOAT32, input);
      if (mode.equals("leak")) {
        leak(root, net, input, reps);
        return;
      }
      boolean train = mode.equals("step") || profile;
      if (train) {
        trainable(net).forEach(p -> p.getArray().setRequiresGradient(true));
      }
      int warmup = train ? 3 : 1;
      double total = 0;
      for (int i = 0; i < warmup + reps; i++) {
        long start = System.nanoTime();
        if (train) {
          step(root, net, input);
        } else {
          encode(root, net, input);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (i >= warmup) {
          total += seconds;
        }
        if (profile && i == warmup - 1) {
          JniUtils.startProfile(false, true, false);
        }
      }
      if (profile) {
        JniUtils.stopProfile(args[4]);
      }
      double mean = total / reps;
      System.out.printf(
          Locale.ROOT,
          "{\"impl\":\"djl\",\"engine\":\"%s\",\"mode\":\"%s\",\"preset\":\"%s\",\"depth\":%d,\"stream\":\"%s\",\"batch\":%d,\"reps\":%d,"
              + "\"seconds_per_batch\":%.4f,\"images_per_s\":%.1f}%n",
          Engine.getInstance().getVersion(),
          mode,
          presetAndDepth[0],
          config.depth(),
          dualStream ? "dual" : "single",
          batch,
          reps,
          mean,
          batch / mean);
    }
  }

  /** Runs training steps, printing the root manager's arrays and resident memory every 50. */
  static void leak(NDManager root, VitHashNet net, Shape input, int steps) {
    trainable(net).forEach(p -> p.getArray().setRequiresGradient(true));
    for (int i = 1; i <= steps; i++) {
      step(root, net, input);
      if (i == 1 || i % 50 == 0) {
        System.gc();
        System.out.printf(
            Locale.ROOT,
            "{\"step\":%d,\"root_arrays\":%d,\"resident_mb\":%d}%n",
            i,
            root.getManagedArrays().size(),
            residentKb() / 1024);
      }
    }
  }

  static long residentKb() {
    try {
      for (String line :
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D+", ""));
        }
      }
    } catch (java.io.IOException e) {
      return -1;
    }
    return -1;
  }

  /** The parameters that train: all but batch norm's running statistics (conv stem). */
  static java.util.List<ai.djl.nn.Parameter> trainable(VitHashNet net) {
    return net.getParameters().values().stream()
        .filter(
            p ->
                p.getType() != ai.djl.nn.Parameter.Type.RUNNING_MEAN
                    && p.getType() != ai.djl.nn.Parameter.Type.RUNNING_VAR)
        .toList();
  }

  static void step(NDManager root, VitHashNet net, Shape input) {
    try (NDManager step = root.newSubManager()) {
      NDArray images = step.randomUniform(0, 1, input);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDList heads = net.forward(new ParameterStore(step, false), new NDList(images), true);
        NDArray loss = null;
        for (NDArray h : heads) {
          NDArray term = h.sub(0.5).square().mean();
          loss = loss == null ? term : loss.add(term);
        }
        collector.backward(loss);
      }
      for (var p : trainable(net)) {
        NDArray w = p.getArray();
        try (NDArray g = w.getGradient();
            NDArray u = g.mul(1e-3)) {
          w.subi(u);
          g.subi(g); // DJL's collector does not zero gradients
        }
      }
    }
  }

  static void encode(NDManager root, VitHashNet net, Shape input) {
    try (NDManager step = root.newSubManager()) {
      NDArray images = step.randomUniform(0, 1, input);
      NDList heads = net.forward(new ParameterStore(step, false), new NDList(images), false);
      heads.get(0).toFloatArray();
    }
  }
}
