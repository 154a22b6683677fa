package org.transhash.backbone.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 300 training steps (forward, backward, SGD update), each in its own sub-manager: the arrays the
 * root manager holds and the process's resident memory must stay flat (DESIGN.md's manager trap).
 */
class NoLeakTest {

  /** Resident memory after a full GC, so the Java heap's own growth does not count. */
  static long residentKb() throws IOException {
    System.gc();
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D+", ""));
      }
    }
    return -1;
  }

  /** One step on random data; returns the loss. */
  static float step(NDManager root, VitHashNet net, Shape input) {
    try (NDManager step = root.newSubManager()) {
      NDArray images = step.randomUniform(0, 1, input);
      float value;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDList heads = net.forward(new ParameterStore(step, false), new NDList(images), true);
        NDArray loss = null;
        for (NDArray h : heads) {
          NDArray term = h.sub(0.5).square().mean();
          loss = loss == null ? term : loss.add(term);
        }
        collector.backward(loss);
        value = loss.getFloat();
      }
      for (var p : net.getParameters()) {
        NDArray w = p.getValue().getArray();
        // getGradient() returns a new handle owned by the parameter's manager: close it too
        try (NDArray gradient = w.getGradient();
            NDArray update = gradient.mul(1e-3)) {
          w.subi(update);
          gradient.subi(gradient); // DJL's collector does not zero gradients
        }
      }
      return value;
    }
  }

  @Test
  @Tag("slow")
  void threeHundredStepsKeepMemoryFlat() throws IOException {
    VitConfig config = new VitConfig(16, 4, 1, 48, 3, 3, 2, 0.1, 0.1, 0.1, VitConfig.Stem.PATCH);
    Shape input = new Shape(16, 1, 16, 16);
    try (NDManager root = NDManager.newBaseManager()) {
      VitHashNet net = new VitHashNet(config, 32, 2, true, false);
      net.initialize(root, DataType.FLOAT32, input);
      for (var p : net.getParameters()) {
        p.getValue().getArray().setRequiresGradient(true);
      }
      for (int i = 0; i < 50; i++) {
        step(root, net, input);
      }
      int arrays = root.getManagedArrays().size();
      long rss = residentKb();
      StringBuilder curve = new StringBuilder();
      for (int i = 1; i <= 300; i++) {
        step(root, net, input);
        if (i % 50 == 0) {
          curve.append(
              String.format(
                  "step %d: %d arrays, %d MB resident%n",
                  i, root.getManagedArrays().size(), residentKb() / 1024));
        }
      }
      System.out.print(curve);
      assertEquals(
          arrays, root.getManagedArrays().size(), "arrays held by the root manager:\n" + curve);
      long growthMb = (residentKb() - rss) / 1024;
      assertTrue(growthMb < 64, "resident memory grew by " + growthMb + " MB:\n" + curve);
    }
  }
}
