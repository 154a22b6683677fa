package org.transhash.backbone;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import org.transhash.api.TransHashException;

/**
 * Access to DJL's PyTorch engine, with an error that says what to check when the native library
 * cannot be loaded. The CPU libtorch comes from the {@code pytorch-native-cpu} jar on the class
 * path; run with {@code -Dai.djl.offline=true} so DJL never reaches for the network.
 */
public final class Engines {
  /** DJL's name of the PyTorch engine. */
  public static final String PYTORCH = "PyTorch";

  private Engines() {}

  /**
   * The PyTorch engine.
   *
   * @return the engine
   * @throws TransHashException when it cannot be loaded, naming the cause
   */
  public static Engine pytorch() {
    try {
      return Engine.getEngine(PYTORCH);
    } catch (EngineException | IllegalArgumentException | UnsatisfiedLinkError e) {
      throw new TransHashException(
          "cannot load DJL's PyTorch engine: check that ai.djl.pytorch:pytorch-native-cpu"
              + " (classifier linux-x86_64) is on the class path and -Dai.djl.offline=true is set",
          e);
    }
  }
}
