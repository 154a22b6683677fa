package org.transhash.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.transhash.api.CrossBatchLoss;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Scalars;

/**
 * The TransHash loss (Chen et al., ICMR 2022; {@code METHOD.md}, "Loss"), per head and summed over
 * the global head and the K local heads:
 *
 * <pre>
 * D(h_i, h_j) = (b/2) (1 - cos(h_i, h_j))                     b: the head's bits
 * L_ij = w_ij [ s_ij log(1 + D/gamma) + (1 - s_ij) log(1 + gamma/D) ]     (Cauchy)
 * Q(h) = log(1 + D(|h|, 1) / gamma)
 * L = sum over heads [ mean_{i != j} L_ij + lambda mean_i Q(h_i) ]
 * </pre>
 *
 * with s_ij = 1 when images i and j share a label and the pair weights rebuilt from each batch:
 * w_ij = |S|/|S1| for similar pairs, |S|/|S0| for dissimilar ones (0 for a kind the batch lacks).
 * Mixed labels (batch mixing: {@link #acceptsMixedLabels()}) make s_ij = min(1, a_i . a_j) a
 * fraction; the similar term is then weighted s_ij |S|/|S1| and the dissimilar one (1 - s_ij)
 * |S|/|S0|, with |S1| = sum s_ij and |S0| = sum (1 - s_ij), which is w_ij on 0/1 pairs. The cosine
 * is clamped to at most {@code maxCosine} (0.99), so D never reaches 0 and no NaN or Inf can
 * appear, even for identical or zero vectors. With a cross-batch memory ({@link #evaluate(NDList,
 * NDArray, NDList, NDArray)}) the pairs of each head are its batch's images with the batch and with
 * the remembered outputs of that head, weighted as one set. The paper's ablations are switches:
 * {@link Likelihood#SIGMOID} in place of the Cauchy likelihood, and no quantization term.
 *
 * <p>Unstated in the paper, chosen here: gamma = 20 and lambda = 0.1 (DCH's defaults); the sigmoid
 * ablation uses p(s_ij = 1) = sigmoid(alpha (b/2) cos) with alpha = 10 / b (logits in -5..5), with
 * the same pair weights.
 *
 * <pre>{@code
 * HashingLoss loss = TransHashLoss.builder().optGamma(20).optLambda(0.1).build();
 * NDArray value = loss.evaluate(heads, multiHotLabels);   // heads: global, local 1..K
 * }</pre>
 */
public final class TransHashLoss implements CrossBatchLoss {
  /** The name written into saved models and reports. */
  public static final String NAME = "transhash";

  /** The likelihood of a pair being similar given its distance. */
  public enum Likelihood {
    /** sigma(D) = gamma / (gamma + D): the paper's choice. */
    CAUCHY,
    /** sigmoid of the scaled cosine: the paper's ablation. */
    SIGMOID
  }

  /** alpha (b/2) with alpha = 10 / b: the sigmoid ablation's logits lie in -5..5. */
  static final double SIGMOID_LOGIT_SCALE = 5;

  private final double gamma;
  private final double lambda;
  private final Likelihood likelihood;
  private final boolean quantization;
  private final double maxCosine;
  private final String name;

  private TransHashLoss(Builder b) {
    InvalidInputException.check(b.gamma > 0, "gamma must be > 0, got %s", b.gamma);
    InvalidInputException.check(b.lambda >= 0, "lambda must be >= 0, got %s", b.lambda);
    InvalidInputException.check(
        b.maxCosine > 0 && b.maxCosine < 1, "maxCosine must be in (0, 1), got %s", b.maxCosine);
    this.gamma = b.gamma;
    this.lambda = b.lambda;
    this.likelihood = b.likelihood;
    this.quantization = b.quantization;
    this.maxCosine = b.maxCosine;
    this.name = b.name;
  }

  /** A builder with the defaults: Cauchy, gamma 20, lambda 0.1, quantization on. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * True: mixed labels make pairs similar to a degree s_ij in [0, 1], each pair weighing s_ij
   * |S|/|S1| on the similar term and (1 - s_ij) |S|/|S0| on the dissimilar one.
   */
  @Override
  public boolean acceptsMixedLabels() {
    return true;
  }

  /** gamma of the Cauchy likelihood. */
  public double gamma() {
    return gamma;
  }

  /** Weight of the quantization term. */
  public double lambda() {
    return lambda;
  }

  @Override
  public NDArray evaluate(NDList heads, NDArray labels) {
    NDArray total = null;
    Heads.concat(heads); // validates the shapes
    int n = (int) heads.get(0).getShape().get(0);
    PairSimilarity pairs = PairSimilarity.mixed(labels, n);
    for (NDArray h : heads) {
      NDArray headLoss = headLoss(h, pairs);
      total = total == null ? headLoss : total.add(headLoss);
    }
    return total;
  }

  @Override
  public NDArray evaluate(NDList heads, NDArray labels, NDList memory, NDArray memoryLabels) {
    Heads.concat(heads); // validates the shapes
    InvalidInputException.check(
        memory.size() == heads.size(),
        "the memory holds %d heads, the model gave %d",
        memory.size(),
        heads.size());
    int n = (int) heads.get(0).getShape().get(0);
    PairSimilarity pairs = PairSimilarity.mixed(labels, n, memoryLabels);
    NDArray total = null;
    for (int k = 0; k < heads.size(); k++) {
      NDArray h = heads.get(k);
      NDArray partners = withMemory(h, memory.get(k), memoryLabels);
      NDArray headLoss = headLoss(h, partners, pairs);
      total = total == null ? headLoss : total.add(headLoss);
    }
    return total;
  }

  /**
   * The batch's outputs of one head followed by the remembered ones: the columns of its pairs.
   *
   * @param remembered (M, bits) of the same head, M the memory labels' rows
   */
  static NDArray withMemory(NDArray h, NDArray remembered, NDArray memoryLabels) {
    InvalidInputException.check(
        remembered.getShape().dimension() == 2
            && remembered.getShape().get(0) == memoryLabels.getShape().get(0)
            && remembered.getShape().get(1) == h.getShape().get(1),
        "a remembered head must be (%d, %d) like its labels and head, got %s",
        memoryLabels.getShape().get(0),
        h.getShape().get(1),
        remembered.getShape());
    return NDArrays.concat(new NDList(h, remembered.toType(h.getDataType(), false)), 0);
  }

  /** The loss of one head: weighted pairwise likelihood plus quantization. */
  NDArray headLoss(NDArray h, PairSimilarity pairs) {
    return headLoss(h, h, pairs);
  }

  /**
   * The loss of one head whose pairs are its rows with the rows of {@code partners}: {@code h}
   * itself, or {@code h} followed by remembered outputs ({@link #withMemory}).
   */
  NDArray headLoss(NDArray h, NDArray partners, PairSimilarity pairs) {
    NDManager manager = h.getManager();
    DataType type = h.getDataType();
    double halfBits = h.getShape().get(1) / 2.0;
    NDArray u = Heads.normalizeRows(h);
    NDArray inner =
        partners == h ? Heads.inner(u) : u.matMul(Heads.normalizeRows(partners).transpose());
    NDArray cos = inner.clip(-1, maxCosine);
    NDArray similarWeights = pairs.similarWeights(manager, type); // s_ij |S|/|S1|
    NDArray dissimilarWeights = pairs.dissimilarWeights(manager, type); // (1 - s_ij) |S|/|S0|
    NDArray similarTerm;
    NDArray dissimilarTerm;
    if (likelihood == Likelihood.CAUCHY) {
      NDArray d = Scalars.mul(cos.neg().add(1), halfBits);
      similarTerm = Scalars.div(d, gamma).add(1).log();
      dissimilarTerm = Scalars.mul(Scalars.pow(d, -1), gamma).add(1).log();
    } else {
      NDArray logit = Scalars.mul(cos, SIGMOID_LOGIT_SCALE);
      similarTerm = Heads.softplus(logit.neg());
      dissimilarTerm = Heads.softplus(logit);
    }
    NDArray pairLoss = similarWeights.mul(similarTerm).add(dissimilarWeights.mul(dissimilarTerm));
    NDArray loss = Scalars.div(pairLoss, pairs.pairs()).sum();
    if (quantization && lambda > 0) {
      loss = loss.add(quantizationLoss(h, halfBits, lambda));
    }
    return loss;
  }

  /** weight mean_i log(1 + D(|h_i|, 1) / gamma), D the cosine distance surrogate to all ones. */
  NDArray quantizationLoss(NDArray h, double halfBits, double weight) {
    double sqrtBits = Math.sqrt(2 * halfBits);
    NDArray norm = Scalars.maximum(h.norm(new int[] {1}, false), 1e-12);
    NDArray cosToOnes = h.abs().sum(new int[] {1}).div(Scalars.mul(norm, sqrtBits));
    NDArray d = Scalars.mul(cosToOnes.neg().add(1), halfBits);
    return Scalars.mul(Scalars.div(d, gamma).add(1).log(), weight).mean();
  }

  /** Builds a {@link TransHashLoss}. */
  public static final class Builder {
    private double gamma = 20;
    private double lambda = 0.1;
    private Likelihood likelihood = Likelihood.CAUCHY;
    private boolean quantization = true;
    private double maxCosine = 0.99;
    private String name = NAME;

    private Builder() {}

    /**
     * @param gamma scale of the Cauchy likelihood (default 20)
     * @return this builder
     */
    public Builder optGamma(double gamma) {
      this.gamma = gamma;
      return this;
    }

    /**
     * @param lambda weight of the quantization term (default 0.1)
     * @return this builder
     */
    public Builder optLambda(double lambda) {
      this.lambda = lambda;
      return this;
    }

    /**
     * @param likelihood Cauchy (default) or the sigmoid ablation
     * @return this builder
     */
    public Builder optLikelihood(Likelihood likelihood) {
      this.likelihood = likelihood;
      return this;
    }

    /**
     * @param quantization false for the no-quantization ablation (default true)
     * @return this builder
     */
    public Builder optQuantization(boolean quantization) {
      this.quantization = quantization;
      return this;
    }

    /**
     * @param maxCosine the cosine is clamped to at most this, keeping D above 0 (default 0.99)
     * @return this builder
     */
    public Builder optMaxCosine(double maxCosine) {
      this.maxCosine = maxCosine;
      return this;
    }

    /**
     * @param name the name reported (DCH reuses this loss on one head as "dch")
     * @return this builder
     */
    Builder optName(String name) {
      this.name = name;
      return this;
    }

    /** The loss. */
    public TransHashLoss build() {
      return new TransHashLoss(this);
    }
  }
}
