package org.transhash.examples.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.IOException;
import java.util.function.Function;
import org.transhash.api.HashingLoss;
import org.transhash.api.Image;
import org.transhash.api.ImageDataset;
import org.transhash.api.InvalidInputException;
import org.transhash.api.UnknownNameException;
import org.transhash.backbone.HashingModels;
import org.transhash.backbone.vit.VitConfig;
import org.transhash.backbone.vit.VitHashingModel;
import org.transhash.data.split.Split;
import org.transhash.data.transform.Normalize;
import org.transhash.loss.DchLoss;
import org.transhash.loss.TransHashLoss;
import org.transhash.train.BatchMixing;
import org.transhash.train.EpochSelection;
import org.transhash.train.TestTimeAugmentation;
import org.transhash.train.TrainConfig;
import org.transhash.train.Trainer;
import org.transhash.train.guice.Components;
import org.transhash.train.guice.Pipeline;
import org.transhash.train.guice.TransHashModule;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The model, loss and training flags shared by {@code train} and {@code demo}. */
final class TrainOptions {
  @Option(
      names = "--model",
      defaultValue = "vit-dual",
      description =
          "Model: vit-dual, vit, alexnet, resnet18, resnet34, resnet50 (default ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--preset",
      defaultValue = "small-28-residual-narrow-d2",
      description =
          "ViT preset: small-28 (the paper's patch embedding), small-28-conv (convolutional stem), small-28-residual (hybrid: ResNet blocks as the stem), small-28-residual-d2 (the hybrid with 2 encoder blocks, not 6), small-28-residual-narrow(-d2) (the hybrid stem at half the widths: a cheaper step; the -d2 one is the default), the -32 ones for colour 32 px, vit-ti16 ... vit-l32 (default ${DEFAULT-VALUE}).")
  String preset;

  @Option(
      names = "--depth",
      defaultValue = "0",
      description =
          "Encoder blocks of the ViT in place of the preset's (6 for the small ones, 2 for the -d2 ones); fewer make a cheaper step (default: the preset's).")
  int depth;

  @Option(
      names = "--loss",
      defaultValue = "transhash",
      description = "Loss (default ${DEFAULT-VALUE}).")
  String loss;

  @Option(
      names = "--bits",
      defaultValue = "32",
      description = "Code length (default ${DEFAULT-VALUE}).")
  int bits;

  @Option(
      names = "--groups",
      defaultValue = "2",
      description = "Local groups K of the dual stream (default ${DEFAULT-VALUE}).")
  int groups;

  @Option(
      names = "--tanh",
      description =
          "Apply tanh to the hash outputs; with the dual stream add --local-norm, or the local heads' outputs saturate and training lags.")
  boolean tanh;

  @Option(
      names = "--local-norm",
      description =
          "Pass the dual stream's local class tokens through the final LayerNorm too (METHOD.md normalises the global stream only).")
  boolean localNorm;

  @Option(
      names = "--minutes",
      defaultValue = "10",
      description = "Training time budget in minutes; 0 for none (default ${DEFAULT-VALUE}).")
  double minutes;

  @Option(
      names = "--epochs",
      defaultValue = "60",
      description = "At most this many epochs (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--optimizer",
      defaultValue = "SGD",
      description = "SGD (with momentum) or ADAMW (default ${DEFAULT-VALUE}).")
  TrainConfig.OptimizerKind optimizer;

  @Option(
      names = "--lr",
      description = "Peak learning rate of the backbone (default: 0.1 with SGD, 1e-3 with AdamW).")
  Double lr;

  @Option(
      names = "--head-lr-factor",
      defaultValue = "1",
      description = "Hash layers' learning rate over the backbone's (default ${DEFAULT-VALUE}).")
  double headLrFactor;

  @Option(
      names = "--weight-decay",
      description = "Weight decay (default: 1e-3 with SGD, as L2; 0.05 with AdamW, decoupled).")
  Double weightDecay;

  @Option(
      names = "--momentum",
      defaultValue = "0.9",
      description = "SGD momentum (default ${DEFAULT-VALUE}).")
  double momentum;

  @Option(
      names = "--warmup",
      defaultValue = "100",
      description = "Linear warm-up steps before the cosine decay (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--clip",
      defaultValue = "1.0",
      description = "Global gradient-norm clipping; 0 for none (default ${DEFAULT-VALUE}).")
  double clip;

  @Option(
      names = "--batch",
      defaultValue = "64",
      description = "Batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed of the split and the run (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--no-augment", description = "No random crop and flip.")
  boolean noAugment;

  @Option(
      names = "--erase",
      defaultValue = "0",
      description =
          "Probability of random erasing per training image (a rectangle of 2-33 %% set to the mean; e.g. 0.25); 0 for none (default ${DEFAULT-VALUE}).")
  double erase;

  @Option(
      names = "--rotate",
      defaultValue = "0",
      description =
          "Turn each training image by a random angle within this many degrees either way, about"
              + " its centre, before the crop; 0 for none (default ${DEFAULT-VALUE}).")
  double rotate;

  @Option(
      names = "--zoom",
      defaultValue = "0",
      description =
          "Scale each training image by a random factor within 1 +- this fraction, about its"
              + " centre, before the crop (e.g. 0.1); 0 for none (default ${DEFAULT-VALUE}).")
  double zoom;

  @Option(
      names = "--crop-padding",
      description =
          "How many pixels the random crop moves a training image each way (zeros padded, then an"
              + " image-sized window cut); 0 for the flip alone (default "
              + Trainer.DEFAULT_CROP_PADDING
              + "; not with --no-augment).")
  Integer cropPadding;

  @Option(
      names = "--repeat-augment",
      defaultValue = "1",
      description =
          "Repeated augmentation: each batch holds each of its images this many times, each with"
              + " its own crop and flip (an epoch then visits 1/N of the images); must divide"
              + " --batch; 1 for none (default ${DEFAULT-VALUE}).")
  int repeatAugment;

  @Option(
      names = "--mixup",
      defaultValue = "0",
      description =
          "Mixup: blend each training image with another of its batch, in a share drawn from"
              + " Beta(A, A), and their labels alike (the transhash and dch losses; e.g. 0.2); 0"
              + " for none (default ${DEFAULT-VALUE}).")
  double mixup;

  @Option(
      names = "--cutmix",
      defaultValue = "0",
      description =
          "CutMix: paste a rectangle of another image of the batch into each training image, of"
              + " a share drawn from Beta(A, A), and mix their labels alike (the transhash and dch"
              + " losses; e.g. 1); with --mixup too each batch takes one or the other; 0 for none"
              + " (default ${DEFAULT-VALUE}).")
  double cutmix;

  @Option(
      names = "--mix-prob",
      defaultValue = "1",
      description =
          "The chance that a batch is mixed by --mixup or --cutmix (default ${DEFAULT-VALUE}).")
  double mixProbability;

  @Option(
      names = "--cross-batch-memory",
      defaultValue = "0",
      description =
          "Remember the outputs of the last N training images and pair each batch with them too"
              + " (a cross-batch memory; the transhash and dch losses); 0 for none (default"
              + " ${DEFAULT-VALUE}).")
  int crossBatchMemory;

  @Option(
      names = "--memory-from-step",
      defaultValue = "500",
      description =
          "The first step whose loss uses the cross-batch memory (the outputs change fastest"
              + " early on; default ${DEFAULT-VALUE}).")
  int memoryFromStep;

  @Option(
      names = "--validation",
      defaultValue = "0.1",
      description =
          "Fraction of the training images held out to choose the best epoch (mAP@all of each"
              + " half as queries against the other); 0 for none (default ${DEFAULT-VALUE}).")
  double validation;

  @Option(
      names = "--keep-epoch",
      defaultValue = "best",
      converter = EpochSelectionConverter.class,
      description =
          "Which validated epoch the model keeps: best (the highest validation mAP), or one-se"
              + " (the latest epoch within one standard error of the best so far: the most trained"
              + " weights that validation cannot tell from the best) (default ${DEFAULT-VALUE}).")
  EpochSelection keepEpoch;

  /**
   * Reads a flag's value by its label; an unknown label is a usage error that lists the known ones.
   */
  abstract static class LabelConverter<T> implements ITypeConverter<T> {
    private final Function<String, T> fromLabel;

    LabelConverter(Function<String, T> fromLabel) {
      this.fromLabel = fromLabel;
    }

    @Override
    public T convert(String value) {
      try {
        return fromLabel.apply(value);
      } catch (UnknownNameException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Reads {@code best} or {@code one-se}. */
  static final class EpochSelectionConverter extends LabelConverter<EpochSelection> {
    EpochSelectionConverter() {
      super(EpochSelection::fromLabel);
    }
  }

  @Option(
      names = "--ema",
      defaultValue = "0",
      description =
          "Decay of an exponential moving average of the weights and of batch norm's running statistics, validated and kept instead of the raw ones (e.g. 0.998); 0 for none (default ${DEFAULT-VALUE}).")
  double ema;

  @Option(
      names = "--test-time",
      defaultValue = "none",
      converter = TestTimeConverter.class,
      description =
          "How images are encoded (validation, the saved model, database and queries): none;"
              + " mirror (the mean of each image's outputs and its mirror image's: twice the"
              + " encoding time); or mirror-shift (mirror, and the image moved one pixel up and"
              + " one down: four times) (default ${DEFAULT-VALUE}).")
  TestTimeAugmentation testTime;

  /** Reads {@code none}, {@code mirror} or {@code mirror-shift}. */
  static final class TestTimeConverter extends LabelConverter<TestTimeAugmentation> {
    TestTimeConverter() {
      super(TestTimeAugmentation::fromLabel);
    }
  }

  @Option(
      names = "--gamma",
      description =
          "Cauchy scale gamma: transhash default " + TRANSHASH_GAMMA + ", dch default 20 (DCH's).")
  Double gamma;

  /**
   * The command line's gamma for the TransHash loss: METHOD.md's default, DCH's 20. Smaller scales,
   * nearer the dual stream's 8- and 16-bit heads, measured no better: gamma 5 on a ten-minute run
   * (mAP@all 0.6881 vs 0.6923), gamma 10 on a thirty-minute one (0.8366 vs 0.8444); nor did a
   * larger one, gamma 40 (0.8393; BENCHMARKS.md).
   */
  static final double TRANSHASH_GAMMA = 20;

  @Option(
      names = "--lambda",
      description = "Quantization weight lambda of the transhash and dch losses (default 0.1).")
  Double lambda;

  @Option(
      names = "--likelihood",
      description = "CAUCHY (the method's) or SIGMOID (the paper's ablation), transhash loss only.")
  TransHashLoss.Likelihood likelihood;

  /**
   * The loss the flags describe when --gamma, --lambda or --likelihood change the registered one,
   * else null.
   *
   * @throws InvalidInputException when they are given for a loss that has no such parameter
   */
  HashingLoss lossWithParameters() {
    if (gamma == null && lambda == null && likelihood == null && !loss.equals(TransHashLoss.NAME)) {
      return null;
    }
    double g = gamma != null ? gamma : loss.equals(TransHashLoss.NAME) ? TRANSHASH_GAMMA : 20;
    double l = lambda == null ? 0.1 : lambda;
    if (likelihood != null && !loss.equals(TransHashLoss.NAME)) {
      throw new InvalidInputException("--likelihood applies to the transhash loss, not to " + loss);
    }
    return switch (loss) {
      case TransHashLoss.NAME ->
          TransHashLoss.builder()
              .optGamma(g)
              .optLambda(l)
              .optLikelihood(likelihood == null ? TransHashLoss.Likelihood.CAUCHY : likelihood)
              .build();
      case DchLoss.NAME -> new DchLoss(g, l);
      default ->
          throw new InvalidInputException(
              "--gamma and --lambda apply to the transhash and dch losses, not to " + loss);
    };
  }

  /**
   * A pipeline run from the injector's defaults, on these images, with these flags; the model's
   * input shape is the training images'.
   */
  Pipeline.Run pipelineRun(ImageDataset dataset, Split split, Normalize normalize)
      throws IOException {
    Image first = dataset.image(split.train()[0]);
    Pipeline pipeline = defaults().getInstance(Pipeline.class);
    Pipeline.Run run =
        pipeline
            .on(dataset, split, normalize)
            .model(model)
            .spec(spec(first.height(), first.channels()))
            .train(config())
            .timeBudget(budgetSeconds())
            .validation(validation)
            .epochSelection(keepEpoch)
            .weightAverage(ema)
            .randomErasing(erase)
            .randomAffine(rotate, zoom)
            .repeatedAugmentation(repeatAugment)
            .batchMixing(new BatchMixing(mixup, cutmix, mixProbability))
            .crossBatchMemory(crossBatchMemory, memoryFromStep)
            .testTime(testTime);
    if (cropPadding != null) {
      run.cropPadding(cropPadding);
    }
    HashingLoss custom = lossWithParameters();
    return custom != null ? run.loss(custom) : run.loss(loss);
  }

  /** The training configuration the flags describe. */
  TrainConfig config() {
    return new TrainConfig(
        epochs,
        batch,
        optimizer,
        lr != null ? lr : defaultLearningRate(optimizer),
        headLrFactor,
        weightDecay != null ? weightDecay : defaultWeightDecay(optimizer),
        momentum,
        warmup,
        clip,
        seed,
        !noAugment);
  }

  /** The learning rate without --lr: each optimiser's best on the demo's model (BENCHMARKS.md). */
  private static double defaultLearningRate(TrainConfig.OptimizerKind optimizer) {
    return switch (optimizer) {
      case SGD -> 0.1;
      case ADAMW -> 1e-3;
    };
  }

  /** The weight decay without --weight-decay: each optimiser's best on the demo's model. */
  private static double defaultWeightDecay(TrainConfig.OptimizerKind optimizer) {
    return switch (optimizer) {
      case SGD -> 1e-3;
      case ADAMW -> 0.05;
    };
  }

  /**
   * Checks what the flags name and how they combine before any data is read, so that a typo fails
   * at once and leaves nothing in the output folder.
   *
   * @return the registries, for the caller's own names (an index)
   * @throws UnknownNameException for an unknown model, loss or ViT preset, listing the known ones
   * @throws InvalidInputException for a flag that does not apply to the model or the loss
   */
  Components check() {
    Components registered = defaults().getInstance(Components.class);
    registered.model(model);
    registered.loss(loss);
    if (vit()) {
      VitConfig.preset(preset);
    }
    checkModelFlags();
    lossWithParameters();
    return registered;
  }

  /**
   * The model specification for images of this shape.
   *
   * @throws InvalidInputException when --local-norm is given for a model without local streams or
   *     --depth for a model that is not a ViT
   */
  HashingModels.Spec spec(int imageSize, int channels) {
    checkModelFlags();
    return new HashingModels.Spec(
        imageSize, channels, bits, groups, preset, tanh, localNorm, depth);
  }

  private void checkModelFlags() {
    if (localNorm && !model.equals(VitHashingModel.DUAL)) {
      throw new InvalidInputException(
          "--local-norm applies to the dual-stream model "
              + VitHashingModel.DUAL
              + ", not to "
              + model);
    }
    if (depth != 0 && !vit()) {
      throw new InvalidInputException("--depth applies to the ViT models, not to " + model);
    }
  }

  /** The library's defaults and registries. */
  private static Injector defaults() {
    return Guice.createInjector(new TransHashModule());
  }

  private boolean vit() {
    return model.equals(VitHashingModel.DUAL) || model.equals(VitHashingModel.SINGLE);
  }

  /** The time budget in seconds (infinite without one). */
  double budgetSeconds() {
    return minutes > 0 ? minutes * 60 : Double.POSITIVE_INFINITY;
  }
}
