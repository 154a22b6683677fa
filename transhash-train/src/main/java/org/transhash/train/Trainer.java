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
import java.util.Random;
import java.util.SplittableRandom;
import org.transhash.api.HashingLoss;
import org.transhash.api.HashingModel;
import org.transhash.api.ImageDataset;
import org.transhash.api.io.Json;
import org.transhash.data.transform.Compose;
import org.transhash.data.transform.HorizontalFlip;
import org.transhash.data.transform.ImageTransform;
import org.transhash.data.transform.RandomCrop;

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
  private final TrainConfig config;
  private final HashingModel model;
  private final HashingLoss loss;
  private final NDManager manager;
  private double timeBudgetSeconds = Double.POSITIVE_INFINITY;

  /**
   * Limits the training time: after a few steps the run estimates how many steps fit in the budget,
   * shortens its schedule (warm-up and cosine) to that many, and stops there.
   *
   * @param seconds the budget
   * @return this trainer
   */
  public Trainer optTimeBudget(double seconds) {
    this.timeBudgetSeconds = seconds;
    return this;
  }

  /** What a run did. */
  public record Result(int steps, List<Double> epochLosses, double seconds) {}

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
   * Trains on the given images.
   *
   * @param dataset the dataset
   * @param train positions of the training images
   * @param normalize the normalisation applied after augmentation (and at test time)
   * @param log a JSON-lines log to append to, or null
   * @return the losses per epoch and the time taken
   * @throws IOException when an image or the log cannot be read or written
   * @throws TrainingException when a loss is NaN or infinite
   */
  public Result train(ImageDataset dataset, int[] train, ImageTransform normalize, Path log)
      throws IOException {
    Engine.getInstance().setRandomSeed((int) config.seed());
    BatchSource source = new BatchSource(dataset, train);
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
    ImageTransform augment =
        config.augment()
            ? Compose.of(
                new RandomCrop(first.height(), first.width(), 4),
                new HorizontalFlip(0.5),
                normalize)
            : normalize;
    int stepsPerEpoch = source.size() / config.batchSize();
    int total = stepsPerEpoch * config.epochs();
    final int probeSteps = 5;
    Optimizer optimizer = new Optimizer(config);
    SplittableRandom augmentation = new SplittableRandom(config.seed());
    List<Double> epochLosses = new ArrayList<>();
    long start = System.nanoTime();
    Progress progress = new Progress(total);
    int step = 0;
    try (Writer logWriter = log == null ? null : openLog(log)) {
      training:
      for (int epoch = 0; epoch < config.epochs(); epoch++) {
        int[] order = shuffled(source.size(), config.seed() * 1_000_003L + epoch);
        double sum = 0;
        for (int b = 0; b < stepsPerEpoch; b++, step++) {
          if (step == probeSteps && Double.isFinite(timeBudgetSeconds)) {
            double perStep = (System.nanoTime() - start) / 1e9 / probeSteps;
            total = (int) Math.max(probeSteps + 1, Math.min(total, timeBudgetSeconds / perStep));
            progress = new Progress(total);
          }
          if (step >= total) {
            break training;
          }
          double lr = config.learningRateAt(step, total);
          double value =
              step(
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
          progress.update(step + 1, epoch + 1, config.epochs(), value, config.batchSize());
          if (logWriter != null && (step + 1) % 50 == 0) {
            writeLog(
                logWriter, Map.of("step", step + 1, "epoch", epoch + 1, "loss", value, "lr", lr));
          }
        }
        double mean = sum / Math.max(1, stepsPerEpoch);
        epochLosses.add(mean);
        if (logWriter != null) {
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("epoch", epoch + 1);
          line.put("mean_loss", mean);
          line.put("seconds", (System.nanoTime() - start) / 1e9);
          line.put("model", model.name());
          line.put("loss", loss.name());
          writeLog(logWriter, line);
        }
      }
    } finally {
      progress.finish();
      optimizer.close();
    }
    return new Result(step, epochLosses, (System.nanoTime() - start) / 1e9);
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
                map.put("loss_" + p.getKey(), p.getValue());
              }
            });
    return map;
  }

  private double step(
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
      NDArray images = source.images(step, order, from, to, augment, random);
      NDArray labels = source.labels(step, order, from, to);
      double value;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDList heads =
            model.block().forward(new ParameterStore(step, false), new NDList(images), true);
        NDArray result = loss.evaluate(heads, labels);
        value = result.toType(DataType.FLOAT64, false).getDouble();
        if (!Double.isFinite(value)) {
          return value;
        }
        collector.backward(result);
      }
      Map<String, NDArray> gradients = new LinkedHashMap<>();
      double squares = 0;
      for (var e : parameters.entrySet()) {
        NDArray g = e.getValue().getArray().getGradient();
        g.attach(step);
        gradients.put(e.getKey(), g);
        double sq = g.square().sum().toType(DataType.FLOAT64, false).getDouble();
        if (!Double.isFinite(sq)) {
          throw new TrainingException(
              "the gradient of " + e.getKey() + " is not finite although the loss is " + value);
        }
        squares += sq;
      }
      double scale = 1;
      double norm = Math.sqrt(squares);
      if (config.clipNorm() > 0 && norm > config.clipNorm()) {
        scale = config.clipNorm() / norm;
      }
      for (var e : gradients.entrySet()) {
        NDArray g = scale == 1 ? e.getValue() : e.getValue().mul(scale);
        boolean head = e.getKey().contains("hash") || e.getKey().startsWith("loss_");
        optimizer.update(
            e.getKey(),
            parameters.get(e.getKey()).getArray(),
            g,
            head ? lr * config.headLearningRateFactor() : lr);
      }
      optimizer.stepDone();
      // DJL's PyTorch GradientCollector does not zero gradients (zeroGradients() is disabled in
      // 0.36): without this every step would add its gradient to all earlier ones
      for (NDArray g : gradients.values()) {
        g.subi(g);
      }
      return value;
    }
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

  private static Writer openLog(Path log) throws IOException {
    Path parent = log.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    return new OutputStreamWriter(
        Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
        StandardCharsets.UTF_8);
  }

  private static void writeLog(Writer w, Map<String, Object> line) throws IOException {
    w.write(Json.write(line));
    w.write('\n');
    w.flush();
  }
}
