package org.transhash.backbone;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Nested;
import org.transhash.api.HashingModel;
import org.transhash.backbone.vit.VitConfig;
import org.transhash.backbone.vit.VitHashingModel;

/**
 * Every built-in model through the conformance suite: the dual-stream ViT with each stem (small,
 * with dropout and drop path on), its one-head ablation, and the CNNs at Fashion-MNIST's size
 * (ResNet-34 is ResNet-18's basic blocks, more of them: left out for time).
 */
class ModelConformanceTests {
  /** 28 x 28 grey images, patch 7 (N = 16), D 32, 3 blocks, dropout 0.1 and drop path 0.2. */
  static final VitConfig SMALL =
      new VitConfig(28, 7, 1, 32, 3, 2, 2, 0, 0, 0, VitConfig.Stem.PATCH)
          .withRegularisation(0.1, 0.1, 0.2);

  /** The stems that keep the patch grid need a power-of-2 patch: 16 x 16 images, patch 4. */
  static final VitConfig SMALL_16 =
      new VitConfig(16, 4, 1, 32, 3, 2, 2, 0, 0, 0, VitConfig.Stem.PATCH)
          .withRegularisation(0.1, 0.1, 0.2);

  abstract static class Vit16 extends HashingModelConformanceTest {
    @Override
    protected Shape input() {
      return new Shape(4, 1, 16, 16);
    }
  }

  @Nested
  class VitDualPatch extends HashingModelConformanceTest {
    @Override
    protected HashingModel newModel() {
      return VitHashingModel.dualStream(SMALL, 32, 2);
    }
  }

  @Nested
  class VitSinglePatch extends HashingModelConformanceTest {
    @Override
    protected HashingModel newModel() {
      return VitHashingModel.singleStream(SMALL, 32);
    }
  }

  @Nested
  class VitDualConvStem extends Vit16 {
    @Override
    protected HashingModel newModel() {
      return VitHashingModel.dualStream(SMALL_16.withStem(VitConfig.Stem.CONV), 32, 2);
    }
  }

  @Nested
  class VitDualResidualStem extends Vit16 {
    @Override
    protected HashingModel newModel() {
      return VitHashingModel.dualStream(SMALL_16.withStem(VitConfig.Stem.RESIDUAL), 32, 2);
    }
  }

  @Nested
  class VitDualNarrowResidualStem extends Vit16 {
    @Override
    protected HashingModel newModel() {
      return VitHashingModel.dualStream(SMALL_16.withStem(VitConfig.Stem.RESIDUAL_NARROW), 32, 2);
    }
  }

  @Nested
  class VitDualLiteResidualStem extends Vit16 {
    @Override
    protected HashingModel newModel() {
      return VitHashingModel.dualStream(SMALL_16.withStem(VitConfig.Stem.RESIDUAL_LITE), 32, 2);
    }
  }

  @Nested
  class ResNet18 extends HashingModelConformanceTest {
    @Override
    protected HashingModel newModel() {
      return create("resnet18");
    }
  }

  @Nested
  class ResNet50 extends HashingModelConformanceTest {
    @Override
    protected HashingModel newModel() {
      return create("resnet50");
    }
  }

  @Nested
  class AlexNet extends HashingModelConformanceTest {
    @Override
    protected HashingModel newModel() {
      return create("alexnet");
    }
  }

  private static HashingModel create(String name) {
    return HashingModels.create(name, new HashingModels.Spec(28, 1, 32, 0, "small-28", false));
  }
}
