package org.transhash.train.guice;

import ai.djl.ndarray.NDManager;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transhash.api.BinaryCodes;
import org.transhash.api.HammingIndex;
import org.transhash.api.HashingLoss;
import org.transhash.api.HashingModel;
import org.transhash.api.ImageDataset;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Labels;
import org.transhash.api.io.Npy;
import org.transhash.backbone.HashingModels;
import org.transhash.backbone.OneDnn;
import org.transhash.data.split.Split;
import org.transhash.data.transform.Normalize;
import org.transhash.eval.EvalOptions;
import org.transhash.eval.EvaluationReport;
import org.transhash.eval.RetrievalEvaluator;
import org.transhash.eval.RetrievalMetrics;
import org.transhash.index.IndexFiles;
import org.transhash.index.Provenance;
import org.transhash.train.BatchMixing;
import org.transhash.train.Encoder;
import org.transhash.train.EpochSelection;
import org.transhash.train.LearningCurves;
import org.transhash.train.SavedModel;
import org.transhash.train.TestTimeAugmentation;
import org.transhash.train.TrainConfig;
import org.transhash.train.Trainer;
import org.transhash.train.TrainingLog;
import org.transhash.train.ValidationSplit;

/**
 * The whole job: train, encode the database and the queries, build the index, evaluate, report,
 * with the pieces the injector holds (the defaults of {@link TransHashModule} or a user's
 * bindings). Everything goes to one output folder:
 *
 * <pre>
 * model/                 weights.safetensors + model.json (SavedModel)
 * checkpoints/epoch-NNN/ one per epoch, the two newest kept (resume from them)
 * train.jsonl            the training log
 * query_codes.npy, db_codes.npy, query_labels.npy, db_labels.npy
 * index.thi              the database index, with provenance
 * report/                report.json, summary.csv, curves, table.md, plots, learning_curve.png
 * </pre>
 *
 * <pre>{@code
 * Pipeline pipeline = Guice.createInjector(new TransHashModule()).getInstance(Pipeline.class);
 * Pipeline.Result r = pipeline.on(dataset, split, Normalize.FASHION_MNIST)
 *     .spec(new HashingModels.Spec(28, 1, 32, 2, "small-28-residual-narrow-d2", false))
 *     .train(config).timeBudget(600).output(Path.of("out")).run();
 * r.metrics().map();
 * }</pre>
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  /** Untimed searches over the queries before the search speed is measured. */
  static final int WARM_UP_PASSES = 2;

  /** Timed searches over the queries; the search speed is their median's. */
  static final int TIMED_PASSES = 5;

  private final Components components;

  /**
   * @param components the bound pieces
   */
  @Inject
  public Pipeline(Components components) {
    this.components = components;
  }

  /**
   * Starts describing a run on a dataset and a split.
   *
   * @param dataset the images
   * @param split queries, training images and database
   * @param normalize the normalisation (training and test time)
   * @return a run to configure, then {@link Run#run()}
   */
  public Run on(ImageDataset dataset, Split split, Normalize normalize) {
    split.checkMatches(dataset);
    return new Run(dataset, split, normalize);
  }

  /**
   * What a run produced.
   *
   * @param training what training did
   * @param metrics the test figures (queries against the database)
   * @param encodeSeconds time to encode database and queries
   * @param queriesPerSecond k = 100 search speed of the index over the database, the median of
   *     {@value Pipeline#TIMED_PASSES} timed passes over the queries after {@value
   *     Pipeline#WARM_UP_PASSES} warm-up passes (one pass of 1,000 queries takes tens of
   *     milliseconds: a single one moves with the JIT and the machine)
   * @param output the output folder
   */
  public record Result(
      Trainer.Result training,
      RetrievalMetrics metrics,
      double encodeSeconds,
      double queriesPerSecond,
      Path output) {}

  /**
   * A trained model and how it was trained.
   *
   * @param model the model, also saved in {@code model/} of the output folder
   * @param training what training did
   */
  public record Trained(SavedModel model, Trainer.Result training) {}

  /** One run's choices; the defaults are the injector's pieces and the demo's recipe. */
  public final class Run {
    private final ImageDataset dataset;
    private final Split split;
    private final Normalize normalize;
    private String modelName;
    private String lossName;
    private HashingLoss loss;
    private String indexName;
    private HashingModels.Spec spec;
    private TrainConfig config = TrainConfig.paper(10);
    private double budgetSeconds = Double.POSITIVE_INFINITY;
    private double validationFraction = 0.1;
    private EpochSelection epochSelection = EpochSelection.BEST;
    private double averageDecay;
    private double erasing;
    private double rotationDegrees;
    private double scaleChange;
    private Integer cropPadding; // null: the trainer's default
    private int repeats = 1;
    private BatchMixing mixing = BatchMixing.NONE;
    private int memoryImages;
    private int memoryStart;
    private TestTimeAugmentation testTime = TestTimeAugmentation.NONE;
    private boolean resume;
    private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private Path output = Path.of("transhash-out");

    private Run(ImageDataset dataset, Split split, Normalize normalize) {
      this.dataset = dataset;
      this.split = split;
      this.normalize = normalize;
    }

    /** A registered model by name instead of the bound default. */
    public Run model(String name) {
      this.modelName = name;
      return this;
    }

    /** What the model is built for (required). */
    public Run spec(HashingModels.Spec spec) {
      this.spec = spec;
      return this;
    }

    /** A registered loss by name instead of the bound default. */
    public Run loss(String name) {
      this.lossName = name;
      return this;
    }

    /** A loss instance (for example TransHash with another gamma) instead of a registered one. */
    public Run loss(HashingLoss loss) {
      this.loss = loss;
      return this;
    }

    /** A registered index by name instead of the bound default. */
    public Run index(String name) {
      this.indexName = name;
      return this;
    }

    /** How to train (default: the paper's recipe for 10 epochs). */
    public Run train(TrainConfig config) {
      this.config = config;
      return this;
    }

    /** Training time budget in seconds (default: none). */
    public Run timeBudget(double seconds) {
      this.budgetSeconds = seconds;
      return this;
    }

    /** Fraction of the training images held out to choose the best epoch; 0 for none (0.1). */
    public Run validation(double fraction) {
      this.validationFraction = fraction;
      return this;
    }

    /**
     * Which validated epoch the model keeps (default {@link EpochSelection#BEST}; {@link
     * EpochSelection#ONE_SE} keeps the latest epoch within one standard error of the best).
     */
    public Run epochSelection(EpochSelection selection) {
      this.epochSelection = Objects.requireNonNull(selection, "selection");
      return this;
    }

    /** Validate and keep an exponential moving average of the weights (decay per step; 0: none). */
    public Run weightAverage(double decay) {
      this.averageDecay = decay;
      return this;
    }

    /** Random erasing of training images with this probability (0: none, the default). */
    public Run randomErasing(double probability) {
      this.erasing = probability;
      return this;
    }

    /**
     * A random rotation of training images within {@code degrees} either way and a change of size
     * within {@code scale} either way, about the centre (0 and 0: none, the default; see {@link
     * Trainer#optRandomAffine}).
     */
    public Run randomAffine(double degrees, double scale) {
      this.rotationDegrees = degrees;
      this.scaleChange = scale;
      return this;
    }

    /**
     * How many pixels the random crop moves a training image each way (default {@value
     * Trainer#DEFAULT_CROP_PADDING}); refused when the configuration turns the augmentation off.
     */
    public Run cropPadding(int pixels) {
      this.cropPadding = pixels;
      return this;
    }

    /**
     * Repeated augmentation: each batch holds each of its images this many times, each view with
     * its own crop and flip (default 1: none; see {@link Trainer#optRepeatedAugmentation}).
     */
    public Run repeatedAugmentation(int views) {
      this.repeats = views;
      return this;
    }

    /**
     * Mixup or CutMix of training batches, with labels mixed in the same shares (default {@link
     * BatchMixing#NONE}; see {@link Trainer#optBatchMixing}).
     */
    public Run batchMixing(BatchMixing mixing) {
      this.mixing = mixing;
      return this;
    }

    /**
     * A cross-batch memory of the last {@code images} outputs, paired with each batch from step
     * {@code fromStep} on (default none; see {@link Trainer#optCrossBatchMemory}).
     */
    public Run crossBatchMemory(int images, int fromStep) {
      this.memoryImages = images;
      this.memoryStart = fromStep;
      return this;
    }

    /**
     * How images are encoded: validation, the saved model, database and queries (default {@link
     * TestTimeAugmentation#NONE}; {@link TestTimeAugmentation#MIRROR} averages each image's outputs
     * with its mirror image's, at twice the encoding time).
     */
    public Run testTime(TestTimeAugmentation augmentation) {
      this.testTime = Objects.requireNonNull(augmentation, "augmentation");
      return this;
    }

    /** Continue from the newest checkpoint in the output folder. */
    public Run resume(boolean resume) {
      this.resume = resume;
      return this;
    }

    /** Threads of the index search and the evaluation (default: the cores). */
    public Run threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** The output folder (default {@code transhash-out}). */
    public Run output(Path folder) {
      this.output = folder;
      return this;
    }

    /**
     * Runs the job. The model, loss and index names are checked before any training starts.
     *
     * @return the figures
     * @throws IOException when data cannot be read or results cannot be written
     */
    public Result run() throws IOException {
      IndexFactory indexFactory =
          indexName == null ? components.index() : components.index(indexName);
      try (NDManager manager = NDManager.newBaseManager()) {
        Trained trained = trainIn(manager);
        SavedModel saved = trained.model();
        HashingModel model = saved.model();
        String lossUsed = String.valueOf(saved.description().get("loss"));
        long start = System.nanoTime();
        Encoder.Encoded database = saved.encode(manager, dataset, split.database(), 256);
        BinaryCodes queries = saved.encode(manager, dataset, split.query(), 256).codes();
        double encodeSeconds = (System.nanoTime() - start) / 1e9;
        Labels queryLabels = dataset.labels().select(split.query());
        Labels databaseLabels = dataset.labels().select(split.database());
        queries.writeNpy(output.resolve("query_codes.npy"));
        database.codes().writeNpy(output.resolve("db_codes.npy"));
        Npy.write(output.resolve("query_labels.npy"), queryLabels.toNpy());
        Npy.write(output.resolve("db_labels.npy"), databaseLabels.toNpy());

        HammingIndex index = indexFactory.create(spec.bits(), threads);
        index.add(database.codes(), Arrays.stream(split.database()).asLongStream().toArray());
        IndexFiles.save(
            index,
            new Provenance(model.name(), lossUsed, dataset.description(), config.seed(), ""),
            output.resolve("index.thi"));
        double queriesPerSecond = queriesPerSecond(index, queries);

        RetrievalMetrics metrics =
            RetrievalEvaluator.evaluate(
                queries, queryLabels, database.codes(), databaseLabels, EvalOptions.defaults());
        new EvaluationReport(
                model.name() + "+" + lossUsed,
                split.protocol(),
                "trained " + model.name() + " (" + output.resolve("model") + ")",
                spec.bits(),
                database.codes().count(),
                EvalOptions.defaults(),
                metrics)
            .writeTo(output.resolve("report"));
        plotLearningCurve(model.name() + "+" + lossUsed);
        LOG.info("mAP@all {} in {}", metrics.map(), output);
        return new Result(trained.training(), metrics, encodeSeconds, queriesPerSecond, output);
      }
    }

    /** report/learning_curve.png: validation mAP by epoch (the loss without validation). */
    private void plotLearningCurve(String name) throws IOException {
      List<TrainingLog.Epoch> epochs = TrainingLog.read(output.resolve("train.jsonl"));
      if (epochs.isEmpty()) {
        return; // a run resumed after its last epoch trains none
      }
      LearningCurves.plot(
          Map.of(name, epochs),
          epochs.stream().anyMatch(TrainingLog.Epoch::validated)
              ? LearningCurves.Metric.VALIDATION_MAP
              : LearningCurves.Metric.LOSS,
          LearningCurves.Axis.EPOCH,
          output.resolve("report").resolve("learning_curve.png"));
    }

    /**
     * Trains and saves the model into {@code model/} of the output folder, without encoding or
     * evaluating (what {@code transhash train} does).
     *
     * @param manager the manager the model's weights will live in
     * @return the saved model and what training did
     * @throws IOException when data cannot be read or the model cannot be written
     */
    public Trained trainIn(NDManager manager) throws IOException {
      InvalidInputException.check(spec != null, "the pipeline needs a model spec");
      ModelFactory modelFactory =
          modelName == null ? components.model() : components.model(modelName);
      HashingLoss hashingLoss =
          loss != null
              ? loss
              : (lossName == null ? components.loss() : components.loss(lossName))
                  .create(dataset.labels().classCount());
      if (indexName != null) {
        components.index(indexName); // an unknown name fails now, not after training
      }
      HashingModel model = modelFactory.create(spec);
      Files.createDirectories(output);
      Trainer trainer =
          new Trainer(config, model, hashingLoss, manager)
              .optTimeBudget(budgetSeconds)
              .optWeightAverage(averageDecay)
              .optRandomErasing(erasing)
              .optRandomAffine(rotationDegrees, scaleChange)
              .optRepeatedAugmentation(repeats)
              .optBatchMixing(mixing)
              .optCrossBatchMemory(memoryImages, memoryStart)
              .optTestTime(testTime)
              .optEpochSelection(epochSelection)
              .optCheckpoints(output.resolve("checkpoints"))
              .optResume(resume);
      if (cropPadding != null) {
        trainer.optCropPadding(cropPadding);
      }
      int[] train = split.train();
      if (validationFraction > 0) {
        ValidationSplit v = ValidationSplit.of(train, validationFraction, config.seed());
        train = v.train();
        trainer.optValidation(v.validation());
      }
      Trainer.Result trained =
          trainer.train(dataset, train, normalize, output.resolve("train.jsonl"));
      SavedModel saved =
          new SavedModel(
              model, spec, normalize, testTime, description(model, hashingLoss, trained));
      saved.save(output.resolve("model"));
      return new Trained(saved, trained);
    }

    private Map<String, Object> description(
        HashingModel model, HashingLoss hashingLoss, Trainer.Result trained) {
      Map<String, Object> training = new LinkedHashMap<>();
      training.put("optimizer", config.optimizer().name());
      training.put("epochs", config.epochs());
      training.put("batch_size", config.batchSize());
      training.put("learning_rate", config.learningRate());
      training.put("head_learning_rate_factor", config.headLearningRateFactor());
      training.put("weight_decay", config.weightDecay());
      training.put("momentum", config.momentum());
      training.put("warmup_steps", config.warmupSteps());
      training.put("clip_norm", config.clipNorm());
      training.put("seed", config.seed());
      training.put("augment", config.augment());
      training.put("random_erasing", erasing);
      training.put("random_rotation_degrees", rotationDegrees);
      training.put("random_scale", scaleChange);
      training.put(
          "crop_padding",
          !config.augment()
              ? null
              : cropPadding != null ? cropPadding : Trainer.DEFAULT_CROP_PADDING);
      training.put("repeated_augmentation", repeats);
      training.put("mixup_alpha", mixing.mixupAlpha());
      training.put("cutmix_alpha", mixing.cutMixAlpha());
      training.put("mixing_probability", mixing.probability());
      training.put("cross_batch_memory", memoryImages);
      training.put("memory_from_step", memoryImages > 0 ? memoryStart : null);
      training.put("time_budget_seconds", Double.isFinite(budgetSeconds) ? budgetSeconds : null);
      training.put("validation_fraction", validationFraction);
      training.put("epoch_selection", epochSelection.label());
      training.put("weight_average_decay", averageDecay);
      Map<String, Object> provenance = new LinkedHashMap<>();
      provenance.put("dataset", dataset.description());
      provenance.put("protocol", split.protocol());
      provenance.put("split_seed", split.seed());
      provenance.put("training_images", split.train().length);
      provenance.put("steps", trained.steps());
      provenance.put("seconds", trained.seconds());
      provenance.put("best_epoch", trained.keptEpoch()); // the kept one, under the earlier name
      provenance.put("epoch_losses", trained.epochLosses());
      provenance.put("validation_maps", trained.validationMaps());
      provenance.put("validation_standard_errors", trained.validationStandardErrors());
      provenance.put("created", Instant.now().toString());
      provenance.put("java", System.getProperty("java.version"));
      provenance.put(SavedModel.CONVOLUTIONS, OneDnn.backend());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("loss", hashingLoss.name());
      out.put("training", training);
      out.put(SavedModel.PROVENANCE, provenance);
      return out;
    }
  }

  /** k = 100 queries per second of the index, the median of the timed passes. */
  private static double queriesPerSecond(HammingIndex index, BinaryCodes queries) {
    for (int i = 0; i < WARM_UP_PASSES; i++) {
      index.search(queries, 100);
    }
    long[] nanos = new long[TIMED_PASSES];
    for (int i = 0; i < TIMED_PASSES; i++) {
      long start = System.nanoTime();
      index.search(queries, 100);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return queries.count() / (nanos[TIMED_PASSES / 2] / 1e9);
  }
}
