package org.transhash.backbone.cnn;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.List;
import org.transhash.api.HashingModel;
import org.transhash.api.InvalidInputException;

/**
 * A CNN baseline with a hash layer: the feature extractor, then Linear(features, bits) and tanh, as
 * the deep hashing papers compare them. One head of all the bits.
 *
 * <pre>{@code
 * HashingModel resnet = CnnHashingModel.resnet(18, Cnns.Stem.SMALL, 32);
 * }</pre>
 */
public final class CnnHashingModel implements HashingModel {
  private final String name;
  private final int bits;
  private final SequentialBlock block;

  private CnnHashingModel(String name, SequentialBlock features, int bits) {
    InvalidInputException.check(bits >= 8, "bits must be >= 8, got %d", bits);
    this.name = name;
    this.bits = bits;
    this.block =
        new SequentialBlock()
            .add(features)
            .add(Linear.builder().setUnits(bits).build())
            .add(Activation::tanh);
  }

  /**
   * @param depth 18, 34 or 50
   * @param stem the stem
   * @param bits code length
   * @return {@code resnet18}, {@code resnet34} or {@code resnet50}
   */
  public static CnnHashingModel resnet(int depth, Cnns.Stem stem, int bits) {
    return new CnnHashingModel("resnet" + depth, Cnns.resnet(depth, stem), bits);
  }

  /**
   * @param stem the stem
   * @param bits code length
   * @return {@code alexnet}
   */
  public static CnnHashingModel alexnet(Cnns.Stem stem, int bits) {
    return new CnnHashingModel("alexnet", Cnns.alexnet(stem, 0.5f), bits);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Block block() {
    return block;
  }

  @Override
  public List<Integer> headBits() {
    return List.of(bits);
  }
}
