package org.transhash.backbone.vit;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.transhash.api.InvalidInputException;
import org.transhash.api.UnknownNameException;

/**
 * The shape of a Vision Transformer: images of {@code imageSize} x {@code imageSize} pixels with
 * {@code channels} channels, cut into patches of {@code patchSize} x {@code patchSize}, embedded in
 * {@code dim} dimensions, {@code depth} pre-norm encoder blocks of {@code heads} attention heads
 * and an MLP of {@code mlpRatio} x dim hidden units.
 *
 * @param imageSize image side in pixels
 * @param patchSize patch side; must divide the image side
 * @param channels image channels (1 for Fashion-MNIST, 3 for colour)
 * @param dim embedding dimension D
 * @param depth number of encoder blocks L
 * @param heads attention heads; must divide D
 * @param mlpRatio MLP hidden size over D
 * @param dropout dropout after attention projection and in the MLP
 * @param attentionDropout dropout on the attention weights
 * @param dropPath stochastic depth: the highest drop rate, reached by the last block (linear rule)
 * @param stem how patches become tokens: the paper's linear patch projection, a small convolutional
 *     stem or a residual (hybrid) one
 */
public record VitConfig(
    int imageSize,
    int patchSize,
    int channels,
    int dim,
    int depth,
    int heads,
    double mlpRatio,
    double dropout,
    double attentionDropout,
    double dropPath,
    Stem stem) {

  /** How the image becomes a sequence of patch tokens. */
  public enum Stem {
    /**
     * The paper's patch embedding: one convolution of kernel and stride {@code patchSize} (a linear
     * projection of each patch). Pretrained checkpoints load into this one.
     */
    PATCH,
    /**
     * A convolutional stem in place of the patch projection (after Xiao et al., "Early convolutions
     * help transformers see better", 2021): a 3x3 convolution to D/patchSize channels, then
     * log2(patchSize) 3x3 convolutions of stride 2 doubling the channels up to D, each but the last
     * followed by a 3x3 convolution of stride 1, every one with batch norm and ReLU, then a 1x1
     * convolution to D. The tokens keep the patch grid, so the transformer and the hash heads are
     * unchanged. It helps transformers trained from scratch on small data; {@code patchSize} must
     * be a power of 2.
     */
    CONV,
    /**
     * A residual convolutional stem, as in the ViT paper's hybrid models (ResNet stages in front of
     * the transformer): a 3x3 convolution to D/patchSize channels and one ResNet basic block at
     * full resolution, then for each of the log2(patchSize) halvings a basic block of stride 2
     * doubling the channels up to D and a basic block of stride 1, then a 1x1 convolution to D. It
     * keeps the patch grid like {@link #CONV}, costs more per step and brings a CNN's inductive
     * bias to small training sets; {@code patchSize} must be a power of 2.
     */
    RESIDUAL,
    /**
     * {@link #RESIDUAL} with every convolution at half the width (D/(2 patchSize) channels at full
     * resolution up to D/2, then the 1x1 convolution to D): about a quarter of its multiply-adds,
     * so a two-block step costs about 0.6 as much and encoding is faster; at 30 minutes on 2 cores
     * it reaches what the full width does, at 10 minutes more (BENCHMARKS.md).
     */
    RESIDUAL_NARROW,
    /**
     * {@link #RESIDUAL_NARROW} with one basic block at each resolution: the stride-1 block after
     * each halving is left out, so the 3x3 convolutions hold about 5/9 of its multiply-adds and the
     * step benchmark's step takes about 0.83 as long. At thirty minutes on 2 cores it lost 0.018
     * mAP@all against the narrow stem with seed 0 and gained few steps in the trainer
     * (BENCHMARKS.md): kept for the record, not recommended.
     */
    RESIDUAL_LITE
  }

  /** Validates the shape. */
  public VitConfig {
    InvalidInputException.check(
        patchSize >= 1 && imageSize >= patchSize,
        "the image (%d px) is smaller than a patch (%d px)",
        imageSize,
        patchSize);
    InvalidInputException.check(
        imageSize % patchSize == 0,
        "patch size %d does not divide image size %d",
        patchSize,
        imageSize);
    InvalidInputException.check(channels >= 1, "channels must be >= 1, got %d", channels);
    InvalidInputException.check(
        dim >= 1 && heads >= 1 && dim % heads == 0, "%d heads do not divide dim %d", heads, dim);
    InvalidInputException.check(depth >= 1, "depth must be >= 1, got %d", depth);
    InvalidInputException.check(mlpRatio > 0, "mlpRatio must be > 0, got %s", mlpRatio);
    for (double p : new double[] {dropout, attentionDropout, dropPath}) {
      InvalidInputException.check(p >= 0 && p < 1, "drop rates must be in [0, 1), got %s", p);
    }
    InvalidInputException.check(stem != null, "stem must not be null");
    InvalidInputException.check(
        stem == Stem.PATCH || Integer.bitCount(patchSize) == 1 && patchSize >= 2,
        "the %s stem needs a patch size that is a power of 2 (>= 2), got %d",
        stem.name().toLowerCase(Locale.ROOT),
        patchSize);
  }

  /** Number of patches N = (imageSize / patchSize)^2. */
  public int patches() {
    int side = imageSize / patchSize;
    return side * side;
  }

  /**
   * @param image image side
   * @param channels channels
   * @return this shape at another image size and channel count
   */
  public VitConfig forImages(int image, int channels) {
    return with(image, channels, depth, mlpRatio, dropout, attentionDropout, dropPath, stem);
  }

  /**
   * @param stem the patch embedding
   * @return this shape with another patch embedding
   */
  public VitConfig withStem(Stem stem) {
    return with(imageSize, channels, depth, mlpRatio, dropout, attentionDropout, dropPath, stem);
  }

  /**
   * @param depth encoder blocks
   * @return this shape with another depth: fewer blocks make a cheaper step
   */
  public VitConfig withDepth(int depth) {
    return with(imageSize, channels, depth, mlpRatio, dropout, attentionDropout, dropPath, stem);
  }

  /**
   * @param dropout dropout
   * @param attentionDropout attention dropout
   * @param dropPath stochastic depth
   * @return this shape with other regularisation
   */
  public VitConfig withRegularisation(double dropout, double attentionDropout, double dropPath) {
    return with(imageSize, channels, depth, mlpRatio, dropout, attentionDropout, dropPath, stem);
  }

  /**
   * @param mlpRatio MLP hidden size over D
   * @return this shape with another MLP width: a narrower MLP makes a cheaper step
   */
  public VitConfig withMlpRatio(double mlpRatio) {
    return with(imageSize, channels, depth, mlpRatio, dropout, attentionDropout, dropPath, stem);
  }

  /**
   * @param dim embedding dimension D
   * @param heads attention heads; must divide {@code dim}
   * @return this shape at another width: the stem's channels follow D
   */
  public VitConfig withWidth(int dim, int heads) {
    return new VitConfig(
        imageSize,
        patchSize,
        channels,
        dim,
        depth,
        heads,
        mlpRatio,
        dropout,
        attentionDropout,
        dropPath,
        stem);
  }

  /** This shape with the values the withers change. */
  private VitConfig with(
      int image,
      int channels,
      int depth,
      double mlpRatio,
      double dropout,
      double attentionDropout,
      double dropPath,
      Stem stem) {
    return new VitConfig(
        image,
        patchSize,
        channels,
        dim,
        depth,
        heads,
        mlpRatio,
        dropout,
        attentionDropout,
        dropPath,
        stem);
  }

  private static VitConfig of(int image, int patch, int dim, int depth, int heads) {
    return new VitConfig(image, patch, 3, dim, depth, heads, 4, 0, 0, 0, Stem.PATCH);
  }

  /** The paper's ViT-L/32 at 224 x 224 (D 1024, 24 blocks, 16 heads, N = 49). */
  public static final VitConfig VIT_L32 = of(224, 32, 1024, 24, 16);

  /** ViT-B/16 at 224 (D 768, 12 blocks, 12 heads). */
  public static final VitConfig VIT_B16 = of(224, 16, 768, 12, 12);

  /** ViT-B/32 at 224. */
  public static final VitConfig VIT_B32 = of(224, 32, 768, 12, 12);

  /** ViT-S/16 at 224 (D 384, 12 blocks, 6 heads). */
  public static final VitConfig VIT_S16 = of(224, 16, 384, 12, 6);

  /** ViT-Ti/16 at 224 (D 192, 12 blocks, 3 heads). */
  public static final VitConfig VIT_TI16 = of(224, 16, 192, 12, 3);

  /** A small ViT for 32 x 32 images that trains on 2 cores: patch 4, D 192, 6 blocks, 3 heads. */
  public static final VitConfig SMALL_32 = of(32, 4, 192, 6, 3);

  /** The small ViT for 28 x 28 grey images (Fashion-MNIST): 49 patches, as the paper's N. */
  public static final VitConfig SMALL_28 =
      new VitConfig(28, 4, 1, 192, 6, 3, 4, 0, 0, 0, Stem.PATCH);

  /** {@link #SMALL_28} with the convolutional stem: the transformer trains faster from scratch. */
  public static final VitConfig SMALL_28_CONV = SMALL_28.withStem(Stem.CONV);

  /** {@link #SMALL_32} with the convolutional stem. */
  public static final VitConfig SMALL_32_CONV = SMALL_32.withStem(Stem.CONV);

  /** {@link #SMALL_28} with the residual (hybrid) stem. */
  public static final VitConfig SMALL_28_RESIDUAL = SMALL_28.withStem(Stem.RESIDUAL);

  /** {@link #SMALL_32} with the residual (hybrid) stem. */
  public static final VitConfig SMALL_32_RESIDUAL = SMALL_32.withStem(Stem.RESIDUAL);

  /**
   * {@link #SMALL_28_RESIDUAL} with 2 encoder blocks in place of 6 (with the dual stream: one
   * shared block, then the global and the local block): a cheaper step, so more of them in a time
   * budget; the demo's model until the narrow stem's (BENCHMARKS.md).
   */
  public static final VitConfig SMALL_28_RESIDUAL_D2 = SMALL_28_RESIDUAL.withDepth(2);

  /** {@link #SMALL_32_RESIDUAL} with 2 encoder blocks in place of 6. */
  public static final VitConfig SMALL_32_RESIDUAL_D2 = SMALL_32_RESIDUAL.withDepth(2);

  /** {@link #SMALL_28} with the narrow residual stem. */
  public static final VitConfig SMALL_28_RESIDUAL_NARROW = SMALL_28.withStem(Stem.RESIDUAL_NARROW);

  /** {@link #SMALL_32} with the narrow residual stem. */
  public static final VitConfig SMALL_32_RESIDUAL_NARROW = SMALL_32.withStem(Stem.RESIDUAL_NARROW);

  /**
   * {@link #SMALL_28_RESIDUAL_NARROW} with 2 encoder blocks: the cheapest hybrid step; the demo's
   * model, the best TransHash on 2 cores at ten minutes (BENCHMARKS.md).
   */
  public static final VitConfig SMALL_28_RESIDUAL_NARROW_D2 = SMALL_28_RESIDUAL_NARROW.withDepth(2);

  /** {@link #SMALL_32_RESIDUAL_NARROW} with 2 encoder blocks. */
  public static final VitConfig SMALL_32_RESIDUAL_NARROW_D2 = SMALL_32_RESIDUAL_NARROW.withDepth(2);

  /** {@link #SMALL_28} with the lite residual stem (one basic block a resolution). */
  public static final VitConfig SMALL_28_RESIDUAL_LITE = SMALL_28.withStem(Stem.RESIDUAL_LITE);

  /** {@link #SMALL_28_RESIDUAL_LITE} with 2 encoder blocks. */
  public static final VitConfig SMALL_28_RESIDUAL_LITE_D2 = SMALL_28_RESIDUAL_LITE.withDepth(2);

  /**
   * {@link #SMALL_28_RESIDUAL_NARROW_D2} with an MLP of 2 D hidden units in place of 4 D: a third
   * fewer multiply-adds in each encoder block, so more steps in a time budget (a step of 0.31 s
   * against 0.36 s on 2 cores). At thirty minutes the quarter more steps did not pay for the width:
   * 0.8403 against 0.8444 with seed 0 (BENCHMARKS.md).
   */
  public static final VitConfig SMALL_28_RESIDUAL_NARROW_D2_MLP2 =
      SMALL_28_RESIDUAL_NARROW_D2.withMlpRatio(2);

  /**
   * {@link #SMALL_28_RESIDUAL_NARROW_D2} with dropout 0.1 after the attention projection and in the
   * MLP, the original ViT's regularisation for training from scratch. DJL's dropout makes the step
   * a quarter longer; at thirty minutes it scored 0.8306 against 0.8444 with seed 0
   * (BENCHMARKS.md).
   */
  public static final VitConfig SMALL_28_RESIDUAL_NARROW_D2_DROPOUT =
      SMALL_28_RESIDUAL_NARROW_D2.withRegularisation(0.1, 0, 0);

  /**
   * {@link #SMALL_28_RESIDUAL_NARROW_D2} with stochastic depth 0.1: the linear rule gives the
   * shared block none and the global and local blocks 0.1, so each of their residual branches is
   * dropped for one image in ten. Unlike dropout it draws one number an image: the step costs about
   * 2 % more, not a quarter. At thirty minutes it validated higher than the default and scored
   * 0.8412 against 0.8444 with seed 0, its last epoch 0.8454 (BENCHMARKS.md).
   */
  public static final VitConfig SMALL_28_RESIDUAL_NARROW_D2_DROP_PATH =
      SMALL_28_RESIDUAL_NARROW_D2.withRegularisation(0, 0, 0.1);

  /**
   * {@link #SMALL_28_RESIDUAL_NARROW_D2} at D 256 with 4 heads (of 64 dimensions, as before) in
   * place of D 192 with 3: every encoder block and the stem a third wider, about 1.7 times the
   * multiply-adds of a step, so fewer steps in a time budget (BENCHMARKS.md).
   */
  public static final VitConfig SMALL_28_RESIDUAL_NARROW_D2_WIDE =
      SMALL_28_RESIDUAL_NARROW_D2.withWidth(256, 4);

  /** The presets by name. */
  public static Map<String, VitConfig> presets() {
    Map<String, VitConfig> m = new LinkedHashMap<>();
    m.put("vit-l32", VIT_L32);
    m.put("vit-b16", VIT_B16);
    m.put("vit-b32", VIT_B32);
    m.put("vit-s16", VIT_S16);
    m.put("vit-ti16", VIT_TI16);
    m.put("small-32", SMALL_32);
    m.put("small-28", SMALL_28);
    m.put("small-32-conv", SMALL_32_CONV);
    m.put("small-28-conv", SMALL_28_CONV);
    m.put("small-32-residual", SMALL_32_RESIDUAL);
    m.put("small-28-residual", SMALL_28_RESIDUAL);
    m.put("small-32-residual-d2", SMALL_32_RESIDUAL_D2);
    m.put("small-28-residual-d2", SMALL_28_RESIDUAL_D2);
    m.put("small-32-residual-narrow", SMALL_32_RESIDUAL_NARROW);
    m.put("small-28-residual-narrow", SMALL_28_RESIDUAL_NARROW);
    m.put("small-32-residual-narrow-d2", SMALL_32_RESIDUAL_NARROW_D2);
    m.put("small-28-residual-narrow-d2", SMALL_28_RESIDUAL_NARROW_D2);
    m.put("small-28-residual-narrow-d2-mlp2", SMALL_28_RESIDUAL_NARROW_D2_MLP2);
    m.put("small-28-residual-narrow-d2-dropout", SMALL_28_RESIDUAL_NARROW_D2_DROPOUT);
    m.put("small-28-residual-narrow-d2-wide", SMALL_28_RESIDUAL_NARROW_D2_WIDE);
    m.put("small-28-residual-narrow-d2-drop-path", SMALL_28_RESIDUAL_NARROW_D2_DROP_PATH);
    m.put("small-28-residual-lite", SMALL_28_RESIDUAL_LITE);
    m.put("small-28-residual-lite-d2", SMALL_28_RESIDUAL_LITE_D2);
    return Map.copyOf(m);
  }

  /**
   * A preset by name.
   *
   * @param name for example {@code "small-28"}
   * @return the preset
   * @throws UnknownNameException listing the known presets
   */
  public static VitConfig preset(String name) {
    VitConfig c = presets().get(name);
    if (c == null) {
      throw new UnknownNameException("ViT preset", name, presets().keySet());
    }
    return c;
  }
}
