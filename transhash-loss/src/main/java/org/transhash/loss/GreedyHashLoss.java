package org.transhash.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.Optional;
import org.transhash.api.HashingLoss;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Scalars;
import org.transhash.api.TransHashException;

/**
 * GreedyHash (Su, Zhang, Hu, Tian, NeurIPS 2018): the code is binarised by sign in the forward pass
 * with the gradient passed straight through, and a linear classifier on the binary code is trained
 * with the labels; a cubic penalty keeps the continuous outputs near -1 and +1:
 *
 * <pre>
 * b = sign(u) (backward: identity)
 * L = CE(W b + c, y)  (multi-label: mean BCE)  + alpha mean_i mean_k | |u_ik| - 1 |^3
 * </pre>
 *
 * The classifier's parameters belong to {@link #parameters()}: a trainer initialises that block for
 * input shape (batch, bits) and updates it with the model. alpha = 0.1 by default. The
 * straight-through gradient is deliberately not the derivative of the loss.
 */
public final class GreedyHashLoss implements HashingLoss {
  /** The name written into reports. */
  public static final String NAME = "greedyhash";

  private final Linear classifier;
  private final int classes;
  private final double alpha;

  /**
   * @param classes number of classes the classifier predicts
   * @param alpha weight of the cubic penalty
   */
  public GreedyHashLoss(int classes, double alpha) {
    InvalidInputException.check(classes >= 1, "classes must be >= 1, got %d", classes);
    InvalidInputException.check(alpha >= 0, "alpha must be >= 0, got %s", alpha);
    this.classifier = Linear.builder().setUnits(classes).build();
    this.classes = classes;
    this.alpha = alpha;
  }

  /**
   * @param classes number of classes the classifier predicts
   */
  public GreedyHashLoss(int classes) {
    this(classes, 0.1);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Block> parameters() {
    return Optional.of(classifier);
  }

  /**
   * Initialises the classifier for codes of {@code bits} bits (what a trainer does for every block
   * of {@link #parameters()}).
   *
   * @param manager the manager that owns the parameters
   * @param type their data type
   * @param bits code length
   */
  public void initialize(NDManager manager, DataType type, int bits) {
    classifier.initialize(manager, type, new Shape(1, bits));
  }

  @Override
  public NDArray evaluate(NDList heads, NDArray labels) {
    NDArray u = Heads.concat(heads);
    if (!classifier.isInitialized()) {
      throw new TransHashException(
          "GreedyHash's classifier is not initialised: call initialize(manager, type, bits) or"
              + " initialise parameters() with the model");
    }
    int n = (int) u.getShape().get(0);
    InvalidInputException.check(
        labels.getShape().dimension() == 2
            && labels.getShape().get(0) == n
            && labels.getShape().get(1) == classes,
        "labels must be (batch, classes) multi-hot with batch %d and %d classes, got %s",
        n,
        classes,
        labels.getShape());
    Heads.checkLabels(labels, n);
    NDArray b = u.add(u.sign().sub(u).stopGradient());
    NDArray logits =
        classifier
            .forward(new ParameterStore(u.getManager(), false), new NDList(b), true)
            .singletonOrThrow();
    NDArray classification = Heads.classificationLoss(logits, labels);
    NDArray penalty = Scalars.mul(Scalars.pow(u.abs().sub(1).abs(), 3), alpha).mean();
    return classification.add(penalty);
  }
}
