package org.transhash.loss;

import org.junit.jupiter.api.Nested;
import org.transhash.api.HashingLoss;

/** Every built-in loss, and every ablation of TransHash's, through the conformance suite. */
class LossConformanceTests {
  @Nested
  class TransHash extends HashingLossConformanceTest {
    @Override
    protected HashingLoss newLoss() {
      return TransHashLoss.builder().build();
    }
  }

  @Nested
  class TransHashSigmoid extends HashingLossConformanceTest {
    @Override
    protected HashingLoss newLoss() {
      return TransHashLoss.builder().optLikelihood(TransHashLoss.Likelihood.SIGMOID).build();
    }
  }

  @Nested
  class TransHashWithoutQuantization extends HashingLossConformanceTest {
    @Override
    protected HashingLoss newLoss() {
      return TransHashLoss.builder().optQuantization(false).build();
    }
  }

  @Nested
  class Dch extends HashingLossConformanceTest {
    @Override
    protected HashingLoss newLoss() {
      return new DchLoss();
    }
  }

  @Nested
  class Dpsh extends HashingLossConformanceTest {
    @Override
    protected HashingLoss newLoss() {
      return new DpshLoss();
    }
  }

  @Nested
  class HashNet extends HashingLossConformanceTest {
    @Override
    protected HashingLoss newLoss() {
      return new HashNetLoss();
    }
  }

  @Nested
  class Dsh extends HashingLossConformanceTest {
    @Override
    protected HashingLoss newLoss() {
      return new DshLoss();
    }
  }

  @Nested
  class Dhn extends HashingLossConformanceTest {
    @Override
    protected HashingLoss newLoss() {
      return new DhnLoss();
    }
  }

  @Nested
  class Idhn extends HashingLossConformanceTest {
    @Override
    protected HashingLoss newLoss() {
      return new IdhnLoss();
    }
  }

  @Nested
  class Csq extends HashingLossConformanceTest {
    @Override
    protected double[][] classCodes(int classes, int bits, java.util.Random random) {
      return HashCentres.centres(classes, bits, 0);
    }

    @Override
    protected HashingLoss newLoss() {
      return new CsqLoss();
    }
  }

  @Nested
  class Dtsh extends HashingLossConformanceTest {
    @Override
    protected HashingLoss newLoss() {
      return new DtshLoss();
    }
  }

  @Nested
  class OrthoHash extends HashingLossConformanceTest {
    @Override
    protected double[][] classCodes(int classes, int bits, java.util.Random random) {
      return HashCentres.centres(classes, bits, 0);
    }

    @Override
    protected HashingLoss newLoss() {
      return new OrthoHashLoss();
    }
  }

  @Nested
  class GreedyHash extends HashingLossConformanceTest {
    @Override
    protected HashingLoss newLoss() {
      return new GreedyHashLoss(CLASSES);
    }

    /** A classifier that already knows the class codes, so matching codes score higher. */
    @Override
    protected void prepare(HashingLoss loss, ai.djl.ndarray.types.DataType type) {
      super.prepare(loss, type);
      double[][] codes = classCodes(CLASSES, 16, new java.util.Random(11));
      ai.djl.nn.Block block = loss.parameters().orElseThrow();
      for (var p : block.getParameters().values()) {
        if (p.getName().equals("weight")) {
          p.getArray().set(manager.create(codes).toType(type, false).toFloatArray());
        }
      }
    }

    @Override
    protected boolean exactGradient() {
      return false;
    }
  }
}
