package org.transhash.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transhash.api.BinaryCodes;
import org.transhash.api.CrossBatchLoss;
import org.transhash.api.HashingLoss;
import org.transhash.api.HashingModel;
import org.transhash.api.ImageDataset;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Labels;
import org.transhash.api.io.Json;
import org.transhash.data.transform.Compose;
import org.transhash.data.transform.HorizontalFlip;
import org.transhash.data.transform.ImageTransform;
import org.transhash.data.transform.RandomAffine;
import org.transhash.data.transform.RandomCrop;
import org.transhash.data.transform.RandomErasing;
import org.transhash.eval.EvalOptions;
import org.transhash.eval.RetrievalEvaluator;
import org.transhash.eval.RetrievalMetrics;

/**
 * Trains a hashing model with a hashing loss, in its own loop on DJL: seeded shuffles and
 * augmentation, warm-up then cosine learning rate, separate rates for the backbone and the hash
 * layers, global-norm gradient clipping, SGD with momentum or AdamW, a NaN/Inf check on every loss,
 * every step in its own sub-manager, progress on a terminal and a JSON-lines log.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(TrainConfig.paper(10), model, loss, manager);
 * Trainer.Result r = trainer.train(dataset, split.train(), Normalize.FASHION_MNIST, Path.of("train.jsonl"));
 * }</pre>
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private final TrainConfig config;
  private final HashingModel model;
  private final HashingLoss loss;
  private final NDManager manager;
  private double timeBudgetSeconds = Double.POSITIVE_INFINITY;
  private Path checkpoints;
  private boolean resume;
  private int[] validation;
  private TestTimeAugmentation testTime = TestTimeAugmentation.NONE;
  private EpochSelection epochSelection = EpochSelection.BEST;
  private double averageDecay;
  private double erasing;
  private int cropPadding = DEFAULT_CROP_PADDING;
  private RandomAffine affine = new RandomAffine(0, 0);
  private int repeats = 1;
  private BatchMixing mixing = BatchMixing.NONE;
  private int memoryImages;
  private int memoryStart;
  private CodeMemory memory;
  private WeightAverage average;
  private int consecutiveSkips;
  private int skippedSteps;

  /** How far the augmentation's random crop moves an image: zeros added on each side first. */
  public static final int DEFAULT_CROP_PADDING = 4;

  /** Steps in a row with non-finite gradients after which a run gives up. */
  static final int MAX_CONSECUTIVE_SKIPS = 5;

  /** Prefix of the loss's parameters among the weights of a checkpoint. */
  static final String LOSS_PREFIX = "loss_";

  /**
   * Limits the training time: after 5, 25, 100, 300, 600 and 1000 steps, then every 100, the run
   * estimates how many steps fit in the budget at the pace of its last 500 or so steps, fits its
   * schedule (warm-up and cosine) to that many, and stops there; it also stops as soon as the time
   * spent and the last epoch's validation would fill the budget. The number of steps depends on the
   * machine's speed; a run without a budget repeats bit for bit from its seed (split, order,
   * augmentation, initial weights; see README's Reproducibility).
   *
   * @param seconds the budget
   * @return this trainer
   */
  public Trainer optTimeBudget(double seconds) {
    this.timeBudgetSeconds = seconds;
    return this;
  }

  /**
   * Validates and ends with an exponential moving average of the weights (and of batch norm's
   * running statistics) instead of the raw ones (the average is checkpointed too).
   *
   * @param decay the average's decay per step, in (0, 1), for example 0.998; 0 for none
   * @return this trainer
   */
  public Trainer optWeightAverage(double decay) {
    InvalidInputException.check(
        decay >= 0 && decay < 1, "the average's decay must be in [0, 1), got %s", decay);
    this.averageDecay = decay;
    return this;
  }

  /**
   * Adds random erasing to the augmentation: with this probability a random rectangle of each
   * training image (2-33 % of it) is set to the dataset mean (see {@link RandomErasing}). Needs the
   * augmentation of the configuration on.
   *
   * @param probability chance per image, 0..1; 0 for none (the default)
   * @return this trainer
   */
  public Trainer optRandomErasing(double probability) {
    InvalidInputException.check(
        probability >= 0 && probability <= 1,
        "the erasing probability must be in 0..1, got %s",
        probability);
    InvalidInputException.check(
        probability == 0 || config.augment(),
        "random erasing is augmentation: it needs the augmentation on");
    this.erasing = probability;
    return this;
  }

  /**
   * How far the augmentation's random crop moves a training image: it pads the image with this many
   * zeros on each side, then cuts a random window of the image's size (so a shift of up to this
   * many pixels each way). Needs the augmentation of the configuration on: without it there is no
   * crop, so any padding given is refused, the default's too.
   *
   * @param padding pixels, at least 0 ({@value #DEFAULT_CROP_PADDING} by default; 0 leaves only the
   *     flip)
   * @return this trainer
   */
  public Trainer optCropPadding(int padding) {
    InvalidInputException.check(padding >= 0, "the crop padding must be >= 0, got %d", padding);
    InvalidInputException.check(
        config.augment(), "the crop padding is augmentation: it needs the augmentation on");
    this.cropPadding = padding;
    return this;
  }

  /**
   * Adds a random rotation and scaling about the centre to the augmentation, before the crop and
   * the flip (see {@link RandomAffine}): each training image turns by an angle uniform in {@code
   * -degrees..degrees} and changes its size by a factor uniform in {@code 1 - scale..1 + scale}.
   * Needs the augmentation of the configuration on.
   *
   * @param degrees the largest rotation either way, 0..180 (0, the default: none)
   * @param scale the largest change of size either way, in [0, 1) (0, the default: none)
   * @return this trainer
   */
  public Trainer optRandomAffine(double degrees, double scale) {
    RandomAffine bounds = new RandomAffine(degrees, scale);
    InvalidInputException.check(
        bounds.isIdentity() || config.augment(),
        "the random rotation and scaling are augmentation: they need the augmentation on");
    this.affine = bounds;
    return this;
  }

  /**
   * Repeated augmentation (Hoffer et al. 2020; DeiT's recipe for training vision transformers on
   * little data): each batch holds {@code batch / repeats} different images, each of them {@code
   * repeats} times with its own random crop and flip. An epoch keeps its number of steps, so it
   * visits a shuffled {@code 1 / repeats} of the training images, more views of each. The views of
   * one image are similar pairs of the loss. Needs the augmentation on (without it the copies would
   * be identical) and a batch size that {@code repeats} divides, into at least 2 images.
   *
   * @param repeats views of each image in its batch, at least 1 (1, the default: none repeated)
   * @return this trainer
   */
  public Trainer optRepeatedAugmentation(int repeats) {
    InvalidInputException.check(
        repeats >= 1, "the repeated augmentation's views must be >= 1, got %d", repeats);
    InvalidInputException.check(
        repeats == 1 || config.augment(),
        "repeated augmentation needs the augmentation on (the copies would be identical)");
    InvalidInputException.check(
        config.batchSize() % repeats == 0 && config.batchSize() / repeats >= 2,
        "repeated augmentation: %d views must divide the batch of %d into at least 2 images",
        repeats,
        config.batchSize());
    this.repeats = repeats;
    return this;
  }

  /**
   * Mixes the images of training batches, mixup or CutMix, and their labels in the same shares (see
   * {@link BatchMixing}), after each image's own augmentation. Needs the augmentation of the
   * configuration on and a loss that takes mixed labels ({@link HashingLoss#acceptsMixedLabels()}:
   * TransHash, DCH).
   *
   * @param mixing the mixing; {@link BatchMixing#NONE} (the default) for none
   * @return this trainer
   */
  public Trainer optBatchMixing(BatchMixing mixing) {
    Objects.requireNonNull(mixing, "mixing");
    InvalidInputException.check(
        mixing.isOff() || config.augment(),
        "mixing batches is augmentation: it needs the augmentation on");
    InvalidInputException.check(
        mixing.isOff() || loss.acceptsMixedLabels(),
        "the loss %s does not take mixed labels, which mixing batches gives (transhash and dch"
            + " do)",
        loss.name());
    this.mixing = mixing;
    return this;
  }

  /**
   * A cross-batch memory (Wang et al., CVPR 2020): the trainer remembers the continuous outputs of
   * the last {@code images} images it trained on (and their labels), and from step {@code fromStep}
   * on, once the memory is full, the loss pairs each batch's images with them as well as with each
   * other: many more pairs a step, for the cost of a larger matrix product. The remembered outputs
   * are constants, computed with slightly older weights. The memory is saved in the checkpoints, so
   * a resumed run takes the same steps. Needs a {@link CrossBatchLoss} (TransHash, DCH).
   *
   * @param images images remembered; 0 for no memory (the default)
   * @param fromStep the first step (counted from 1) whose loss uses the memory; the early steps
   *     change the outputs fastest
   * @return this trainer
   */
  public Trainer optCrossBatchMemory(int images, int fromStep) {
    InvalidInputException.check(
        images >= 0 && fromStep >= 0,
        "the memory's images and first step must be >= 0, got %d and %d",
        images,
        fromStep);
    InvalidInputException.check(
        images == 0 || loss instanceof CrossBatchLoss,
        "the loss %s takes no cross-batch memory (transhash and dch do)",
        loss.name());
    this.memoryImages = images;
    this.memoryStart = fromStep;
    return this;
  }

  /**
   * Writes a checkpoint at the end of every epoch into this folder (see {@link #optResume}). A run
   * that does not resume starts afresh: it first removes the checkpoints an earlier run left there
   * (with a warning), and begins its log anew.
   *
   * @param folder the checkpoint folder, created when missing
   * @return this trainer
   */
  public Trainer optCheckpoints(Path folder) {
    this.checkpoints = folder;
    return this;
  }

  /**
   * Continues from the newest checkpoint of the checkpoint folder, when there is one: weights,
   * optimiser state, step counter and schedule, losses and validation so far. Shuffles and
   * augmentation are seeded per epoch, so a resumed run takes the same steps as an uninterrupted
   * one. Resuming with more epochs than the first session extends the run (the cosine schedule
   * stretches to the new length), except after a time budget fixed the schedule's length.
   *
   * @param resume whether to resume
   * @return this trainer
   */
  public Trainer optResume(boolean resume) {
    this.resume = resume;
    return this;
  }

  /**
   * Encodes the validation images with this test-time augmentation, the one the kept model will
   * encode with, so the epoch is chosen on the codes that will be used.
   *
   * @param augmentation the views whose outputs are averaged ({@link TestTimeAugmentation#NONE},
   *     the default)
   * @return this trainer
   */
  public Trainer optTestTime(TestTimeAugmentation augmentation) {
    this.testTime = Objects.requireNonNull(augmentation, "augmentation");
    return this;
  }

  /**
   * Measures retrieval on held-out training images after every epoch (mAP@all, the first half of
   * them against the second and the second against the first, every image a query once) and ends
   * the run with the weights of the best epoch. Never pass test queries: see {@link
   * ValidationSplit}.
   *
   * @param positions the validation images (at least 4)
   * @return this trainer
   */
  public Trainer optValidation(int[] positions) {
    InvalidInputException.check(
        positions.length >= 4, "validation needs at least 4 images, got %d", positions.length);
    this.validation = positions.clone();
    return this;
  }

  /**
   * Which validated epoch the model ends with (default {@link EpochSelection#BEST}); without
   * validation it is always the last.
   *
   * @param selection the rule
   * @return this trainer
   */
  public Trainer optEpochSelection(EpochSelection selection) {
    this.epochSelection = Objects.requireNonNull(selection, "selection");
    return this;
  }

  /**
   * What a run did.
   *
   * @param steps steps taken, over every session of a resumed run
   * @param epochLosses mean loss per epoch
   * @param validationMaps validation mAP per epoch (empty without validation)
   * @param validationStandardErrors the standard error of each validation mAP over its queries (NaN
   *     for epochs of a resumed run whose checkpoints did not record it)
   * @param keptEpoch the epoch whose weights the model ends with (1-based; the last without
   *     validation)
   * @param epochSelection the rule that chose it among the validated epochs
   * @param seconds training time, over every session of a resumed run
   */
  public record Result(
      int steps,
      List<Double> epochLosses,
      List<Double> validationMaps,
      List<Double> validationStandardErrors,
      int keptEpoch,
      EpochSelection epochSelection,
      double seconds) {
    /** Copies the lists. */
    public Result {
      epochLosses = List.copyOf(epochLosses);
      validationMaps = List.copyOf(validationMaps);
      validationStandardErrors = List.copyOf(validationStandardErrors);
    }
  }

  /**
   * @param config how to train
   * @param model the model (initialised here if it is not yet)
   * @param loss the loss
   * @param manager the long-lived manager that owns the parameters
   */
  public Trainer(TrainConfig config, HashingModel model, HashingLoss loss, NDManager manager) {
    this.config = config;
    this.model = model;
    this.loss = loss;
    this.manager = manager;
  }

  /**
   * What a training image goes through: with the augmentation on, the rotation and scaling (when
   * set), the random crop, the flip, the normalisation and the erasing (when set); otherwise the
   * normalisation alone.
   */
  ImageTransform augmentation(int height, int width, ImageTransform normalize) {
    return config.augment()
        ? Compose.of(
            affine,
            new RandomCrop(height, width, cropPadding),
            new HorizontalFlip(0.5),
            normalize,
            RandomErasing.of(erasing))
        : normalize;
  }

  /**
   * Trains on the given images.
   *
   * @param dataset the dataset
   * @param train positions of the training images
   * @param normalize the normalisation applied after augmentation (and at test time)
   * @param log a JSON-lines log to append to, or null
   * @return the losses per epoch and the time taken
   * @throws IOException when an image, a checkpoint or the log cannot be read or written
   * @throws TrainingException when a loss is NaN or infinite
   */
  public Result train(ImageDataset dataset, int[] train, ImageTransform normalize, Path log)
      throws IOException {
    Engine.getInstance().setRandomSeed((int) config.seed());
    BatchSource source = new BatchSource(dataset, train);
    InvalidInputException.check(
        source.size() >= config.batchSize(),
        "%d training images are fewer than one batch of %d",
        source.size(),
        config.batchSize());
    var first = dataset.image(train[0]);
    Shape input = new Shape(config.batchSize(), first.channels(), first.height(), first.width());
    Block block = model.block();
    if (!block.isInitialized()) {
      block.initialize(manager, DataType.FLOAT32, input);
    }
    loss.parameters()
        .ifPresent(
            b -> {
              if (!b.isInitialized()) {
                b.initialize(
                    manager, DataType.FLOAT32, new Shape(config.batchSize(), model.bits()));
              }
            });
    Map<String, Parameter> parameters = trainableParameters();
    ImageTransform augment = augmentation(first.height(), first.width(), normalize);
    int stepsPerEpoch = source.size() / config.batchSize();
    int planned = stepsPerEpoch * config.epochs();
    int total = planned;
    Optimizer optimizer = new Optimizer(config);
    average = averageDecay > 0 ? new WeightAverage(averageDecay, allParameters(), manager) : null;
    memory = memoryImages > 0 ? new CodeMemory(memoryImages) : null;
    List<Double> epochLosses = new ArrayList<>();
    List<Double> validationMaps = new ArrayList<>();
    List<Double> standardErrors = new ArrayList<>();
    int keptEpoch = -1;
    int firstEpoch = 0;
    double earlierSeconds = 0;
    boolean budgeted = Double.isFinite(timeBudgetSeconds);
    Optional<Path> latest =
        resume && checkpoints != null ? Checkpoint.latest(checkpoints) : Optional.empty();
    if (latest.isPresent()) {
      Checkpoint c = Checkpoint.read(latest.get());
      restoreWeights(Checkpoint.tensors(latest.get(), Checkpoint.WEIGHTS, manager), latest.get());
      Map<String, NDArray> state = Checkpoint.tensors(latest.get(), Checkpoint.OPTIMIZER, manager);
      optimizer.restore(state, c.step());
      if (average != null) {
        average.restore(state, c.step());
      }
      if (memory != null) {
        memory.restore(state);
      }
      firstEpoch = c.epoch();
      if (c.budgeted()) {
        total = c.totalSteps(); // the first session's budget fixed the schedule
      }
      budgeted = false;
      epochLosses.addAll(c.epochLosses());
      validationMaps.addAll(c.validationMaps());
      standardErrors.addAll(c.validationStandardErrors());
      while (standardErrors.size() < validationMaps.size()) {
        standardErrors.add(Double.NaN); // a checkpoint from before they were recorded
      }
      keptEpoch = c.keptEpoch();
      earlierSeconds = c.seconds();
      LOG.info("resuming from {} (epoch {}, step {})", latest.get(), c.epoch(), c.step());
    } else if (checkpoints != null) {
      int removed = Checkpoint.clear(checkpoints);
      if (removed > 0) {
        LOG.warn(
            "starting afresh: removed the {} checkpoints of an earlier run in {} (resuming"
                + " continues one instead)",
            removed,
            checkpoints);
      }
    }
    KeptWeights kept =
        new KeptWeights(
            checkpoints, epochSelection, validationMaps, standardErrors, keptEpoch, manager);
    long start = System.nanoTime();
    Progress progress = new Progress(total, config.batchSize());
    int step = firstEpoch * stepsPerEpoch;
    StepBudget budget = budgeted ? new StepBudget(timeBudgetSeconds, planned) : null;
    // the last epoch's validation and checkpoint: what a budget keeps back for the last epoch's end
    double epochEndSeconds = 0;
    try (Writer logWriter = log == null ? null : openLog(log, latest.isPresent())) {
      for (int epoch = firstEpoch; epoch < config.epochs() && step < total; epoch++) {
        int[] order =
            repeated(shuffled(source.size(), config.seed() * 1_000_003L + epoch), repeats);
        SplittableRandom augmentation = new SplittableRandom(config.seed() * 1_000_033L + epoch);
        double sum = 0;
        int steps = 0;
        for (int b = 0; b < stepsPerEpoch && step < total; b++, step++) {
          if (budget != null && budget.probes(step)) {
            total = budget.fit(step, (System.nanoTime() - start) / 1e9);
            progress.total(total);
          }
          double lr = config.learningRateAt(step, total);
          double value =
              step(
                  step + 1,
                  source,
                  order,
                  b * config.batchSize(),
                  (b + 1) * config.batchSize(),
                  augment,
                  augmentation,
                  parameters,
                  optimizer,
                  lr);
          if (!Double.isFinite(value)) {
            throw new TrainingException(
                String.format(
                    Locale.ROOT,
                    "loss is %s at epoch %d, step %d (lr %.3g): lower the learning rate or check the data",
                    value,
                    epoch + 1,
                    step + 1,
                    lr));
          }
          sum += value;
          steps++;
          progress.update(step + 1, epoch + 1, config.epochs(), value);
          if (budget != null && budget.spent((System.nanoTime() - start) / 1e9 + epochEndSeconds)) {
            LOG.info("time budget spent after step {} of the {} last fitted", step + 1, total);
            total = step + 1;
            progress.total(total);
          }
          if (logWriter != null && (step + 1) % 50 == 0) {
            Map<String, Object> stepLine = new LinkedHashMap<>(); // a fixed key order, run to run
            stepLine.put("step", step + 1);
            stepLine.put("epoch", epoch + 1);
            stepLine.put("loss", value);
            stepLine.put("lr", lr);
            writeLog(logWriter, stepLine);
          }
        }
        long epochEnd = System.nanoTime();
        double mean = sum / Math.max(1, steps);
        epochLosses.add(mean);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("epoch", epoch + 1);
        line.put("mean_loss", mean);
        if (validation != null) {
          if (average != null) {
            average.swapIn();
          }
          ValidationScore validated = validate(dataset, normalize);
          validationMaps.add(validated.map());
          standardErrors.add(validated.standardError());
          line.put("validation_map", validated.map());
          line.put("validation_standard_error", validated.standardError());
          kept.offer(validated.map(), validated.standardError(), epoch + 1, allParameters());
          if (average != null) {
            average.swapOut();
          }
        }
        double seconds = earlierSeconds + (System.nanoTime() - start) / 1e9;
        line.put("seconds", seconds);
        line.put("model", model.name());
        line.put("loss", loss.name());
        if (logWriter != null) {
          writeLog(logWriter, line);
        }
        LOG.info("epoch {}: {}", epoch + 1, line);
        if (checkpoints != null) {
          try (NDManager state = manager.newSubManager()) {
            new Checkpoint(
                    epoch + 1,
                    step,
                    total,
                    total < planned,
                    epochLosses,
                    validationMaps,
                    standardErrors,
                    kept.keptEpoch(),
                    seconds)
                .write(checkpoints, weights(allParameters()), optimizerState(optimizer, state));
          }
        }
        epochEndSeconds = (System.nanoTime() - epochEnd) / 1e9;
      }
      if (average != null) {
        average.swapIn(); // the model ends with the averaged weights
      }
    } finally {
      progress.finish();
      optimizer.close();
      if (average != null) {
        average.close();
      }
    }
    int keptEpochAtEnd = epochLosses.size();
    try (kept) {
      if (validation != null && !validationMaps.isEmpty()) {
        keptEpochAtEnd = kept.restoreInto(allParameters());
      }
    }
    return new Result(
        step,
        epochLosses,
        validationMaps,
        standardErrors,
        keptEpochAtEnd,
        epochSelection,
        earlierSeconds + (System.nanoTime() - start) / 1e9);
  }

  private ValidationScore validate(ImageDataset dataset, ImageTransform normalize)
      throws IOException {
    BinaryCodes codes =
        Encoder.encode(model, manager, dataset, validation, normalize, 256, testTime).codes();
    return twoFold(codes, dataset.labels().select(validation));
  }

  /**
   * A validation mAP and its standard error over the validation queries.
   *
   * @param map mAP@all
   * @param standardError the sample standard deviation of the queries' APs over the root of their
   *     number
   */
  record ValidationScore(double map, double standardError) {}

  /**
   * Retrieval mAP@all within held-out images, both ways: the first half as queries against the
   * second half, then the second against the first, averaged over all queries. Every image is a
   * query once, so the figure rests on twice the queries of one way at no extra encoding.
   *
   * @param codes the held-out images' codes
   * @param labels their labels, in the same order
   * @return the mean average precision over every image as a query, and its standard error
   */
  static ValidationScore twoFold(BinaryCodes codes, Labels labels) {
    int half = codes.count() / 2;
    int[] first = IntStream.range(0, half).toArray();
    int[] second = IntStream.range(half, codes.count()).toArray();
    RetrievalMetrics[] ways = {
      oneWay(codes, labels, first, second), oneWay(codes, labels, second, first)
    };
    // pool the two ways' sums of APs and of squared APs, recovered from each way's mean and error
    double n = 0;
    double sum = 0;
    double squares = 0;
    for (RetrievalMetrics way : ways) {
      int k = way.evaluatedQueries();
      double se = k < 2 ? 0 : way.mapStandardError();
      n += k;
      sum += k * way.map();
      squares += se * se * k * (k - 1) + k * way.map() * way.map();
    }
    double map = sum / n;
    double variance = n < 2 ? Double.NaN : Math.max(0, (squares - n * map * map) / (n - 1));
    return new ValidationScore(map, Math.sqrt(variance / n));
  }

  private static RetrievalMetrics oneWay(
      BinaryCodes codes, Labels labels, int[] queries, int[] database) {
    return RetrievalEvaluator.evaluate(
        codes.select(queries),
        labels.select(queries),
        codes.select(database),
        labels.select(database),
        EvalOptions.defaults());
  }

  /** What a checkpoint saves besides the weights; the memory's arrays go to {@code arrays}. */
  private Map<String, NDArray> optimizerState(Optimizer optimizer, NDManager arrays) {
    Map<String, NDArray> state = new LinkedHashMap<>(optimizer.state());
    if (average != null) {
      state.putAll(average.state());
    }
    if (memory != null) {
      state.putAll(memory.state(arrays));
    }
    return state;
  }

  private static Map<String, NDArray> weights(Map<String, Parameter> parameters) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    parameters.forEach((k, v) -> out.put(k, v.getArray()));
    return out;
  }

  /** Copies a checkpoint's weights into the model (and the loss's parameters). */
  private void restoreWeights(Map<String, NDArray> saved, Path checkpoint) {
    for (var e : allParameters().entrySet()) {
      NDArray value = saved.get(e.getKey());
      NDArray target = e.getValue().getArray();
      if (value == null || !value.getShape().equals(target.getShape())) {
        throw new InvalidInputException(
            checkpoint
                + " does not match the model: "
                + e.getKey()
                + (value == null ? " is missing" : " has shape " + value.getShape()));
      }
      target.set(value.toByteBuffer());
    }
    saved.values().forEach(NDArray::close);
  }

  /** Every parameter and running statistic of the model and the loss, by name. */
  private Map<String, Parameter> allParameters() {
    Map<String, Parameter> map = new LinkedHashMap<>();
    for (var p : model.block().getParameters()) {
      map.put(p.getKey(), p.getValue());
    }
    loss.parameters()
        .ifPresent(
            b -> {
              for (var p : b.getParameters()) {
                map.put(LOSS_PREFIX + p.getKey(), p.getValue());
              }
            });
    return map;
  }

  private Map<String, Parameter> trainableParameters() {
    Map<String, Parameter> map = new LinkedHashMap<>();
    for (var p : model.block().getParameters()) {
      if (p.getValue().getType() != Parameter.Type.RUNNING_MEAN
          && p.getValue().getType() != Parameter.Type.RUNNING_VAR) {
        p.getValue().getArray().setRequiresGradient(true);
        map.put(p.getKey(), p.getValue());
      }
    }
    loss.parameters()
        .ifPresent(
            b -> {
              for (var p : b.getParameters()) {
                p.getValue().getArray().setRequiresGradient(true);
                map.put(LOSS_PREFIX + p.getKey(), p.getValue());
              }
            });
    return map;
  }

  /** Zeroes gradients in place, NaN and Inf included (x - x is NaN for them). */
  private static void zeroNonFinite(Map<String, NDArray> gradients) {
    for (NDArray g : gradients.values()) {
      g.muli(0); // Inf * 0 is NaN: only NaN is left to clear
      try (NDArray nan = g.isNaN()) {
        g.set(nan, 0);
      }
    }
  }

  private double step(
      int stepNumber,
      BatchSource source,
      int[] order,
      int from,
      int to,
      ImageTransform augment,
      SplittableRandom random,
      Map<String, Parameter> parameters,
      Optimizer optimizer,
      double lr) {
    try (NDManager step = manager.newSubManager()) {
      NDList batch = source.batch(step, order, from, to, augment, random, mixing);
      NDArray images = batch.get(0);
      NDArray labels = batch.get(1);
      double value;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDList heads =
            model.block().forward(new ParameterStore(step, false), new NDList(images), true);
        NDArray result =
            memory != null && memory.isFull() && stepNumber >= memoryStart
                ? ((CrossBatchLoss) loss)
                    .evaluate(heads, labels, memory.heads(step), memory.labels(step))
                : loss.evaluate(heads, labels);
        value = result.toType(DataType.FLOAT64, false).getDouble();
        if (!Double.isFinite(value)) {
          return value;
        }
        collector.backward(result);
        if (memory != null) {
          memory.add(heads, labels);
        }
      }
      Map<String, NDArray> gradients = new LinkedHashMap<>();
      List<String> nonFinite = new ArrayList<>();
      double squares = 0;
      for (var e : parameters.entrySet()) {
        NDArray g = e.getValue().getArray().getGradient();
        g.attach(step);
        gradients.put(e.getKey(), g);
        // in float64: float32 squares of a large (but finite) gradient overflow
        double sq = g.toType(DataType.FLOAT64, false).square().sum().getDouble();
        if (Double.isFinite(sq)) {
          squares += sq;
        } else {
          nonFinite.add(e.getKey());
        }
      }
      if (!nonFinite.isEmpty()) {
        zeroNonFinite(gradients);
        consecutiveSkips++;
        skippedSteps++;
        LOG.warn(
            "step {}: the gradients of {} are not finite (loss {}); the step is skipped",
            stepNumber,
            nonFinite.size() > 5 ? nonFinite.subList(0, 5) + "..." : nonFinite,
            value);
        if (consecutiveSkips >= MAX_CONSECUTIVE_SKIPS) {
          throw new TrainingException(
              String.format(
                  Locale.ROOT,
                  "the gradients are not finite in %d steps in a row (last: step %d, loss %s, lr %.3g, %s): lower the learning rate",
                  consecutiveSkips,
                  stepNumber,
                  value,
                  lr,
                  nonFinite.size() > 5 ? nonFinite.subList(0, 5) + "..." : nonFinite));
        }
        return value;
      }
      consecutiveSkips = 0;
      double scale = 1;
      double norm = Math.sqrt(squares);
      if (config.clipNorm() > 0 && norm > config.clipNorm()) {
        scale = config.clipNorm() / norm;
      }
      for (var e : gradients.entrySet()) {
        boolean head = e.getKey().contains("hash") || e.getKey().startsWith(LOSS_PREFIX);
        optimizer.update(
            e.getKey(),
            parameters.get(e.getKey()).getArray(),
            e.getValue(),
            scale,
            head ? lr * config.headLearningRateFactor() : lr);
      }
      optimizer.stepDone();
      if (average != null) {
        average.update(step);
      }
      // DJL's PyTorch GradientCollector does not zero gradients (zeroGradients() is disabled in
      // 0.36): without this every step would add its gradient to all earlier ones (AdamW's fused
      // update zeroes them already; SGD's does not)
      for (NDArray g : gradients.values()) {
        g.subi(g);
      }
      return value;
    }
  }

  /**
   * The first {@code order.length / repeats} entries of an order, each repeated {@code repeats}
   * times in a row: the same length, so an epoch keeps its steps.
   */
  static int[] repeated(int[] order, int repeats) {
    if (repeats == 1) {
      return order;
    }
    int[] r = new int[order.length];
    for (int k = 0; k < r.length; k++) {
      r[k] = order[k / repeats];
    }
    return r;
  }

  static int[] shuffled(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** The training log: appended to when resuming, else begun anew. */
  private static Writer openLog(Path log, boolean resuming) throws IOException {
    Path parent = log.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    return new OutputStreamWriter(
        resuming
            ? Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
            : Files.newOutputStream(log),
        StandardCharsets.UTF_8);
  }

  private static void writeLog(Writer w, Map<String, Object> line) throws IOException {
    w.write(Json.write(line));
    w.write('\n');
    w.flush();
  }
}
