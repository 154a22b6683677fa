package org.transhash.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.transhash.api.HashingLoss;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Scalars;

/**
 * CSQ, Central Similarity Quantization (Yuan et al., CVPR 2020): each image is pulled towards the
 * hash centre of its labels with a binary cross-entropy per bit, plus a quantization term:
 *
 * <pre>
 * p = (tanh(u) + 1) / 2 = sigmoid(2u),  t = (c + 1) / 2
 * L = mean_i mean_k BCE(p_ik, t_ik) + lambda mean_i mean_k (|tanh(u_ik)| - 1)^2
 * </pre>
 *
 * Centres are Hadamard rows when they exist for the code length, else seeded Bernoulli codes
 * ({@link HashCentres}); a multi-label image's centre is the sign of the mean of its labels'
 * centres (0 counts as +1). lambda = 1e-4 as in the paper. Deviation: tanh is applied here, as this
 * project's heads are linear by default.
 */
public final class CsqLoss implements HashingLoss {
  /** The name written into reports. */
  public static final String NAME = "csq";

  private final double lambda;
  private final long seed;

  /**
   * @param lambda weight of the quantization term
   * @param seed seed of the Bernoulli centres (when no Hadamard matrix fits)
   */
  public CsqLoss(double lambda, long seed) {
    InvalidInputException.check(lambda >= 0, "lambda must be >= 0, got %s", lambda);
    this.lambda = lambda;
    this.seed = seed;
  }

  /** CSQ with lambda = 1e-4 and seed 0. */
  public CsqLoss() {
    this(1e-4, 0);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NDArray evaluate(NDList heads, NDArray labels) {
    NDArray u = Heads.concat(heads);
    int n = (int) u.getShape().get(0);
    int bits = (int) u.getShape().get(1);
    int classes = Heads.checkLabels(labels, n);
    double[][] centres = HashCentres.centres(classes, bits, seed);
    float[] flags = labels.toType(DataType.FLOAT32, false).toFloatArray();
    double[] target = new double[n * bits];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < bits; k++) {
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          if (flags[i * classes + c] > 0) {
            sum += centres[c][k];
          }
        }
        target[i * bits + k] = sum >= 0 ? 1 : 0;
      }
    }
    NDArray t = u.getManager().create(target, new Shape(n, bits)).toType(u.getDataType(), false);
    NDArray logit = Scalars.mul(u, 2);
    NDArray bce = t.mul(Heads.softplus(logit.neg())).add(t.neg().add(1).mul(Heads.softplus(logit)));
    NDArray quantization = Scalars.mul(u.tanh().abs().sub(1).square(), lambda);
    return bce.add(quantization).mean();
  }
}
