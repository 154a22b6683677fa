package org.transhash.backbone.vit;

import ai.djl.nn.Block;
import java.util.List;
import org.transhash.api.HashingModel;

/**
 * TransHash's network as the {@link HashingModel} extension point: {@code "vit-dual"} (global and K
 * local heads) or {@code "vit"} (the no-dual-stream ablation, one head).
 *
 * <pre>{@code
 * HashingModel model = VitHashingModel.dualStream(VitConfig.SMALL_28, 32, 2);   // heads [16, 8, 8]
 * model.block().initialize(manager, DataType.FLOAT32, new Shape(64, 1, 28, 28));
 * }</pre>
 */
public final class VitHashingModel implements HashingModel {
  /** Name of the dual-stream model. */
  public static final String DUAL = "vit-dual";

  /** Name of the single-head ablation. */
  public static final String SINGLE = "vit";

  private final String name;
  private final VitHashNet network;

  private VitHashingModel(String name, VitHashNet network) {
    this.name = name;
    this.network = network;
  }

  /**
   * @param config the ViT shape
   * @param bits total code length
   * @param groups local groups K
   * @return the dual-stream model, without tanh
   */
  public static VitHashingModel dualStream(VitConfig config, int bits, int groups) {
    return new VitHashingModel(DUAL, new VitHashNet(config, bits, groups, true, false));
  }

  /**
   * @param config the ViT shape
   * @param bits code length
   * @return the no-dual-stream ablation: one head of all the bits
   */
  public static VitHashingModel singleStream(VitConfig config, int bits) {
    return new VitHashingModel(SINGLE, new VitHashNet(config, bits, 0, false, false));
  }

  /**
   * @param config the ViT shape
   * @param bits code length
   * @param groups K (dual stream only)
   * @param dualStream false for the ablation
   * @param tanh apply tanh to the hash outputs
   * @return the model
   */
  public static VitHashingModel of(
      VitConfig config, int bits, int groups, boolean dualStream, boolean tanh) {
    return of(config, bits, groups, dualStream, tanh, false);
  }

  /**
   * @param config the ViT shape
   * @param bits code length
   * @param groups K (dual stream only)
   * @param dualStream false for the ablation
   * @param tanh apply tanh to the hash outputs
   * @param localNorm the final LayerNorm on the local class tokens too (dual stream only)
   * @return the model
   */
  public static VitHashingModel of(
      VitConfig config, int bits, int groups, boolean dualStream, boolean tanh, boolean localNorm) {
    return new VitHashingModel(
        dualStream ? DUAL : SINGLE,
        new VitHashNet(config, bits, groups, dualStream, tanh, localNorm));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Block block() {
    return network;
  }

  /** The network, with access to its parts. */
  public VitHashNet network() {
    return network;
  }

  @Override
  public List<Integer> headBits() {
    return network.headBits();
  }
}
