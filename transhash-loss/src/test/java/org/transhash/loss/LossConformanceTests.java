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
}
