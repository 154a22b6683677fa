package org.transhash.train;

import org.transhash.api.InvalidInputException;

/**
 * How a model is trained. Every value is reported in the training log.
 *
 * @param epochs passes over the training set
 * @param batchSize images per step (at least 2: the losses need pairs)
 * @param optimizer SGD with momentum or AdamW
 * @param learningRate peak learning rate of the backbone
 * @param headLearningRateFactor the hash layers' learning rate over the backbone's
 * @param weightDecay L2 (SGD) or decoupled (AdamW) weight decay
 * @param momentum SGD momentum (ignored by AdamW)
 * @param warmupSteps linear warm-up steps before the cosine decay
 * @param clipNorm global gradient-norm clipping threshold (0: none)
 * @param seed seed of the initialisation, the shuffles and the augmentation
 * @param augment random crop (padding 4 unless {@link Trainer#optCropPadding}) and horizontal flip
 *     on training images
 */
public record TrainConfig(
    int epochs,
    int batchSize,
    OptimizerKind optimizer,
    double learningRate,
    double headLearningRateFactor,
    double weightDecay,
    double momentum,
    int warmupSteps,
    double clipNorm,
    long seed,
    boolean augment) {

  /** The optimizers. */
  public enum OptimizerKind {
    /** SGD with momentum and L2 weight decay (the paper's). */
    SGD,
    /** AdamW with decoupled weight decay (betas 0.9, 0.999). */
    ADAMW
  }

  /** Validates the values. */
  public TrainConfig {
    InvalidInputException.check(epochs >= 1, "epochs must be >= 1, got %d", epochs);
    InvalidInputException.check(
        batchSize >= 2, "batch size must be >= 2 (pairs), got %d", batchSize);
    InvalidInputException.check(
        learningRate > 0, "learning rate must be > 0, got %s", learningRate);
    InvalidInputException.check(
        headLearningRateFactor > 0, "head factor must be > 0, got %s", headLearningRateFactor);
    InvalidInputException.check(
        weightDecay >= 0 && momentum >= 0 && momentum < 1, "bad weight decay or momentum");
    InvalidInputException.check(
        warmupSteps >= 0 && clipNorm >= 0, "warm-up and clip norm must be >= 0");
  }

  /**
   * The paper's recipe (SGD, lr 3e-2, weight decay 1e-4, momentum 0.9, 500 warm-up steps, batch
   * 64).
   */
  public static TrainConfig paper(int epochs) {
    return new TrainConfig(epochs, 64, OptimizerKind.SGD, 3e-2, 1, 1e-4, 0.9, 500, 1.0, 0, true);
  }

  /**
   * The learning rate at a step: linear warm-up from 0, then cosine decay to 0 at the last step.
   *
   * @param step 0-based step
   * @param totalSteps steps of the whole run
   * @return the backbone's learning rate
   */
  public double learningRateAt(int step, int totalSteps) {
    if (step < warmupSteps) {
      return learningRate * (step + 1) / warmupSteps;
    }
    int decay = Math.max(1, totalSteps - warmupSteps);
    double progress = Math.min(1.0, (double) (step - warmupSteps) / decay);
    return learningRate * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
