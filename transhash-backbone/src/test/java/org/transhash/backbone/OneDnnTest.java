package org.transhash.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transhash.api.InvalidInputException;
import org.transhash.backbone.vit.VitConfig;
import org.transhash.backbone.vit.VitHashingModel;

class OneDnnTest {
  @Test
  void theChoiceFollowsThePropertyAndTheCaches() {
    assertTrue(OneDnn.turnOff("auto", true));
    assertFalse(OneDnn.turnOff("auto", false));
    assertTrue(OneDnn.turnOff("OFF", false));
    assertFalse(OneDnn.turnOff("on", true));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> OneDnn.turnOff("maybe", false));
    assertTrue(e.getMessage().contains(OneDnn.PROPERTY), e.getMessage());
    assertTrue(e.getMessage().contains("'maybe'"), e.getMessage());
  }

  @Test
  void theBackendsNameTheChoiceThatRunsThem() {
    assertEquals("on", OneDnn.choiceFor(OneDnn.ONEDNN));
    assertEquals("off", OneDnn.choiceFor(OneDnn.PYTORCH));
    assertFalse(OneDnn.turnOff(OneDnn.choiceFor(OneDnn.ONEDNN), true));
    assertTrue(OneDnn.turnOff(OneDnn.choiceFor(OneDnn.PYTORCH), false));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> OneDnn.choiceFor("onednn"));
    assertTrue(e.getMessage().contains("'onednn'"), e.getMessage());
  }

  /**
   * PyTorch's flag can be read and set through libtorch, and the demo's network (the narrow
   * residual stem, at the shape it trains with) gets the same gradients from oneDNN's convolutions
   * as from PyTorch's own: on a machine where oneDNN is safe, turning it off changes nothing but
   * the speed. It runs where the caches are hidden too, where oneDNN is off by default: this
   * network is computed right there (measured; other networks crash), which is what makes {@code
   * -Dtranshash.onednn=on} usable for it.
   */
  @Test
  void bothConvolutionBackendsGiveTheDemoModelTheSameGradients() {
    assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux"));
    OneDnn.configure();
    boolean configured = OneDnn.enabled();
    OneDnn.setEnabled(true);
    assertTrue(OneDnn.enabled());
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(5);
      VitHashingModel model =
          VitHashingModel.dualStream(VitConfig.preset("small-28-residual-narrow-d2"), 32, 2);
      model.block().initialize(manager, DataType.FLOAT32, new Shape(16, 1, 28, 28));
      NDArray images = manager.randomNormal(new Shape(16, 1, 28, 28));
      Map<String, NDArray> withOneDnn = gradients(model, images);
      OneDnn.setEnabled(false);
      assertFalse(OneDnn.enabled());
      assertFalse(OneDnn.isOn());
      assertEquals(OneDnn.PYTORCH, OneDnn.backend());
      Map<String, NDArray> withPyTorchKernels = gradients(model, images);
      OneDnn.setEnabled(true);
      assertTrue(OneDnn.enabled());
      assertTrue(OneDnn.isOn());
      assertEquals(OneDnn.ONEDNN, OneDnn.backend());
      assertEquals(withOneDnn.keySet(), withPyTorchKernels.keySet());
      withOneDnn.forEach(
          (name, g) -> {
            // the two backends add in different orders: agreement to float rounding, not bits;
            // the absolute term is for gradients that are zero but for rounding (the keys' bias)
            float difference = g.sub(withPyTorchKernels.get(name)).abs().max().getFloat();
            float scale = g.abs().max().getFloat();
            assertTrue(
                difference <= 1e-4f * scale + 1e-4f, name + ": " + difference + " of " + scale);
          });
    } finally {
      OneDnn.setEnabled(configured);
    }
  }

  /** Each parameter's gradient of the heads' sum of squares, leaving the gradients at zero. */
  private static Map<String, NDArray> gradients(VitHashingModel model, NDArray images) {
    Map<String, NDArray> gradients = new LinkedHashMap<>();
    for (var p : model.block().getParameters()) {
      if (p.getValue().requiresGradient()) {
        p.getValue().getArray().setRequiresGradient(true);
      }
    }
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDList heads =
          model
              .block()
              .forward(new ParameterStore(images.getManager(), false), new NDList(images), true);
      NDArray total = heads.get(0).square().sum();
      for (int i = 1; i < heads.size(); i++) {
        total = total.add(heads.get(i).square().sum());
      }
      collector.backward(total);
    }
    for (var p : model.block().getParameters()) {
      if (p.getValue().requiresGradient()) {
        NDArray gradient = p.getValue().getArray().getGradient();
        gradients.put(p.getKey(), gradient.duplicate());
        gradient.subi(gradient); // DJL's collector adds to the last step's gradients
      }
    }
    return gradients;
  }
}
