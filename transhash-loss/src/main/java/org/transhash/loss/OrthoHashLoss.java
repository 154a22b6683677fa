package org.transhash.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.transhash.api.HashingLoss;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Scalars;

/**
 * OrthoHash (Hoe et al., NeurIPS 2021, "One loss for all"): cosine similarities between the code
 * and fixed, near-orthogonal class codes act as logits, with an additive margin on the target
 * classes, under cross-entropy (single-label) or binary cross-entropy (multi-label):
 *
 * <pre>
 * z_ic = s (cos(u_i, c_c) - m [c in labels(i)])
 * L = CE(z_i, y_i)  or  mean_c BCE(sigmoid(z_ic), y_ic)
 * </pre>
 *
 * with class codes from {@link HashCentres}, scale s = 8 and margin m = 0.2. Deviation: the paper's
 * optional quantization term on batch-normalised codes is left out.
 */
public final class OrthoHashLoss implements HashingLoss {
  /** The name written into reports. */
  public static final String NAME = "orthohash";

  private final double scale;
  private final double margin;
  private final long seed;

  /**
   * @param scale the logit scale s
   * @param margin the additive cosine margin m
   * @param seed seed of the class codes (when no Hadamard matrix fits)
   */
  public OrthoHashLoss(double scale, double margin, long seed) {
    InvalidInputException.check(
        scale > 0 && margin >= 0,
        "scale must be > 0 and margin >= 0, got %s and %s",
        scale,
        margin);
    this.scale = scale;
    this.margin = margin;
    this.seed = seed;
  }

  /** OrthoHash with s = 8, m = 0.2, seed 0. */
  public OrthoHashLoss() {
    this(8, 0.2, 0);
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
    double[][] codes = HashCentres.centres(classes, bits, seed);
    double[] flat = new double[bits * classes];
    for (int c = 0; c < classes; c++) {
      for (int k = 0; k < bits; k++) {
        flat[k * classes + c] = codes[c][k] / Math.sqrt(bits); // unit columns
      }
    }
    NDArray y = labels.toType(u.getDataType(), false);
    NDArray unitCodes =
        u.getManager().create(flat, new Shape(bits, classes)).toType(u.getDataType(), false);
    NDArray cos = Heads.normalizeRows(u).matMul(unitCodes);
    NDArray logits = Scalars.mul(cos.sub(Scalars.mul(y, margin)), scale);
    return Heads.classificationLoss(logits, labels);
  }
}
