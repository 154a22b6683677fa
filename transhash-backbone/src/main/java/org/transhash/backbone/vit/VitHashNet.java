package org.transhash.backbone.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transhash.api.InvalidInputException;
import org.transhash.backbone.OneDnn;
import org.transhash.backbone.cnn.Cnns;

/**
 * The TransHash network (METHOD.md, "Model"): a Vision Transformer whose first L-1 encoder blocks
 * are shared and whose last block is replaced by two parallel blocks with separate weights, a
 * global block over all tokens and a local block applied to each of K contiguous groups of patch
 * tokens with the class token prepended. The global class token goes through LayerNorm and a
 * Linear(D, B/2) hash layer; each local stream's class token through its own Linear(D, B/(2K)). The
 * forward pass returns [h_g, h_l^1, ..., h_l^K]; the code is their concatenation.
 *
 * <p>With {@code dualStream = false} (the paper's ablation) all L blocks are shared and one
 * LayerNorm + Linear(D, B) head gives the whole code.
 *
 * <p>Choices the paper leaves open: when K does not divide N the earlier groups get one patch more
 * (N = 49, K = 2: groups of 25 and 24); both new blocks start as copies of the last block (here:
 * the local block is a copy of the freshly initialised global block, and imported checkpoints copy
 * their last block into both); tanh on the hash outputs is an option, off by default.
 *
 * <p>METHOD.md puts the LayerNorm on the global stream only. With {@code localNorm} the local class
 * tokens also go through that final LayerNorm (shared, as timm's {@code norm} follows every token
 * of the last block) before their hash layers: a pre-norm block's outputs are not normalised, so
 * without it the local heads read the raw residual stream. Off by default (the method as written).
 * With tanh but without localNorm the local heads' outputs saturate: after three epochs of the
 * default model ({@code transhash train --epochs 3 --minutes 0}) 91 % of them lay beyond 0.99 (55 %
 * with {@code localNorm}) and validation lagged (mAP 0.49 against 0.61 with it and 0.63 without
 * tanh), so that combination logs a warning.
 */
public final class VitHashNet extends AbstractBlock {
  private static final Logger LOG = LoggerFactory.getLogger(VitHashNet.class);

  static {
    OneDnn.configure(); // before any convolution runs
  }

  private final VitConfig config;
  private final int bits;
  private final int groups;
  private final boolean dualStream;
  private final boolean tanh;
  private final boolean localNorm;
  private final Block patchEmbed;
  private final Parameter classToken;
  private final Parameter positions;
  private final List<EncoderBlock> shared = new ArrayList<>();
  private final EncoderBlock globalBlock;
  private final EncoderBlock localBlock;
  private final LayerNorm globalNorm;
  private final Linear globalHash;
  private final List<Linear> localHashes = new ArrayList<>();

  /**
   * @param config the ViT shape
   * @param bits total code length B
   * @param groups number of local groups K (ignored without dual stream)
   * @param dualStream false for the no-dual-stream ablation
   * @param tanh apply tanh to every hash output
   * @throws InvalidInputException when B, K and the patches do not fit (each local head needs at
   *     least 4 bits; B must split evenly; the global/local split needs at least 2 blocks)
   */
  public VitHashNet(VitConfig config, int bits, int groups, boolean dualStream, boolean tanh) {
    this(config, bits, groups, dualStream, tanh, false);
  }

  /**
   * @param config the ViT shape
   * @param bits total code length B
   * @param groups number of local groups K (ignored without dual stream)
   * @param dualStream false for the no-dual-stream ablation
   * @param tanh apply tanh to every hash output
   * @param localNorm pass the local class tokens through the final LayerNorm too (dual stream)
   * @throws InvalidInputException as {@link #VitHashNet(VitConfig, int, int, boolean, boolean)}
   */
  public VitHashNet(
      VitConfig config, int bits, int groups, boolean dualStream, boolean tanh, boolean localNorm) {
    this.config = config;
    this.localNorm = dualStream && localNorm;
    this.bits = bits;
    this.groups = dualStream ? groups : 0;
    this.dualStream = dualStream;
    this.tanh = tanh;
    InvalidInputException.check(bits >= 8, "bits must be >= 8, got %d", bits);
    if (dualStream) {
      InvalidInputException.check(groups >= 1, "K must be >= 1, got %d", groups);
      InvalidInputException.check(
          groups <= config.patches(),
          "K = %d groups need at least %d patches, the image has %d",
          groups,
          groups,
          config.patches());
      InvalidInputException.check(
          bits % (2 * groups) == 0,
          "B = %d bits do not split into a global half and %d equal local heads (B must be a multiple of 2K = %d)",
          bits,
          groups,
          2 * groups);
      InvalidInputException.check(
          bits / (2 * groups) >= 4,
          "each local head would get %d bits (B/(2K) = %d/%d); below 4 bits the paper's local heads did not converge",
          bits / (2 * groups),
          bits,
          2 * groups);
      InvalidInputException.check(
          config.depth() >= 2,
          "the dual stream replaces the last block and needs depth >= 2, got %d",
          config.depth());
    }
    patchEmbed =
        config.stem() == VitConfig.Stem.PATCH
            ? addChildBlock(
                "patch_embed",
                Conv2d.builder()
                    .setKernelShape(new Shape(config.patchSize(), config.patchSize()))
                    .optStride(new Shape(config.patchSize(), config.patchSize()))
                    .setFilters(config.dim())
                    .build())
            : addChildBlock(
                "conv_stem",
                switch (config.stem()) {
                  case CONV -> convolutionalStem(config);
                  case RESIDUAL -> residualStem(config, 0, true);
                  case RESIDUAL_NARROW -> residualStem(config, 1, true);
                  case RESIDUAL_LITE -> residualStem(config, 1, false);
                  case PATCH -> throw new IllegalStateException("the patch embedding is no stem");
                });
    classToken =
        addParameter(
            Parameter.builder()
                .setName("cls_token")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, 1, config.dim()))
                .optInitializer(new NormalInitializer(0.02f))
                .build());
    positions =
        addParameter(
            Parameter.builder()
                .setName("pos_embed")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, config.patches() + 1, config.dim()))
                .optInitializer(new NormalInitializer(0.02f))
                .build());
    int sharedBlocks = dualStream ? config.depth() - 1 : config.depth();
    for (int i = 0; i < sharedBlocks; i++) {
      shared.add(addChildBlock("blocks_" + i, new EncoderBlock(config, dropRate(i))));
    }
    if (dualStream) {
      globalBlock =
          addChildBlock("global_block", new EncoderBlock(config, dropRate(config.depth() - 1)));
      localBlock =
          addChildBlock("local_block", new EncoderBlock(config, dropRate(config.depth() - 1)));
    } else {
      globalBlock = null;
      localBlock = null;
    }
    globalNorm = addChildBlock("norm", LayerNorm.builder().axis(1).optEpsilon(1e-6f).build());
    globalHash =
        addChildBlock(
            "hash_global", Linear.builder().setUnits(dualStream ? bits / 2 : bits).build());
    for (int k = 0; k < this.groups; k++) {
      localHashes.add(
          addChildBlock("hash_local_" + k, Linear.builder().setUnits(bits / (2 * groups)).build()));
    }
    if (tanh && dualStream && !localNorm) {
      LOG.warn(
          "tanh on the local streams' class tokens, which no LayerNorm scales: their hash outputs"
              + " saturate and training lags; add localNorm (--local-norm)");
    }
  }

  /** The layers of {@link VitConfig.Stem#CONV}; its output has the patch grid's shape. */
  private static SequentialBlock convolutionalStem(VitConfig config) {
    int halvings = Integer.numberOfTrailingZeros(config.patchSize());
    SequentialBlock stem = new SequentialBlock();
    addConvolution(stem, Math.max(8, config.dim() >> halvings), 1);
    for (int i = 0; i < halvings; i++) {
      int channels = Math.max(8, config.dim() >> (halvings - 1 - i));
      addConvolution(stem, channels, 2);
      if (i < halvings - 1) {
        addConvolution(stem, channels, 1);
      }
    }
    stem.add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(config.dim()).build());
    return stem;
  }

  /**
   * The layers of {@link VitConfig.Stem#RESIDUAL} ({@code narrowing} 0), {@link
   * VitConfig.Stem#RESIDUAL_NARROW} (1: every width halved) and {@link
   * VitConfig.Stem#RESIDUAL_LITE} (halved, and no stride-1 block after a halving); the output has
   * the patch grid's shape.
   */
  private static SequentialBlock residualStem(
      VitConfig config, int narrowing, boolean blockAfterHalving) {
    int halvings = Integer.numberOfTrailingZeros(config.patchSize());
    int channels = Math.max(8, config.dim() >> (halvings + narrowing));
    SequentialBlock stem = new SequentialBlock();
    // the first width is the narrowest: no strided projection reads fewer channels
    addConvolution(
        stem,
        channels,
        1,
        channels >= Cnns.CHANNELS_LAST_MIN_CHANNELS
            ? Cnns.reluChannelsLast()
            : Activation.reluBlock());
    stem.add(Cnns.basicBlock(channels, 1, false));
    for (int i = 0; i < halvings; i++) {
      channels = Math.max(8, config.dim() >> (halvings - 1 - i + narrowing));
      stem.add(Cnns.basicBlock(channels, 2, true));
      if (blockAfterHalving) {
        stem.add(Cnns.basicBlock(channels, 1, false));
      }
    }
    stem.add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(config.dim()).build());
    return stem;
  }

  private static void addConvolution(SequentialBlock stem, int filters, int stride) {
    addConvolution(stem, filters, stride, Cnns.reluChannelsLast());
  }

  private static void addConvolution(
      SequentialBlock stem, int filters, int stride, Block activation) {
    stem.add(convolution(filters, stride)).add(BatchNorm.builder().build()).add(activation);
  }

  private static Conv2d convolution(int filters, int stride) {
    return Conv2d.builder()
        .setKernelShape(new Shape(3, 3))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(1, 1))
        .setFilters(filters)
        .optBias(false)
        .build();
  }

  private double dropRate(int block) {
    return config.depth() == 1
        ? config.dropPath()
        : config.dropPath() * block / (config.depth() - 1);
  }

  /** Whether the local class tokens go through the final LayerNorm too. */
  public boolean localNorm() {
    return localNorm;
  }

  /** The ViT shape. */
  public VitConfig config() {
    return config;
  }

  /** Bits of each output head, in output order. */
  public List<Integer> headBits() {
    List<Integer> out = new ArrayList<>();
    if (!dualStream) {
      out.add(bits);
      return out;
    }
    out.add(bits / 2);
    for (int k = 0; k < groups; k++) {
      out.add(bits / (2 * groups));
    }
    return out;
  }

  /** The patch-token positions (1-based, after the class token) of each local group. */
  public List<int[]> groupRanges() {
    List<int[]> ranges = new ArrayList<>();
    int n = config.patches();
    int start = 1;
    for (int k = 0; k < groups; k++) {
      int size = n / groups + (k < n % groups ? 1 : 0);
      ranges.add(new int[] {start, start + size});
      start += size;
    }
    return ranges;
  }

  /** The shared blocks, then (dual stream) the global and the local block. */
  public List<Block> encoderBlocks() {
    List<Block> all = new ArrayList<>(shared);
    if (dualStream) {
      all.add(globalBlock);
      all.add(localBlock);
    }
    return all;
  }

  /**
   * Every parameter under timm's names, expanded for this network's shape: the checkpoint's last
   * block {@code blocks.(L-1).*} maps to both the global and the local block in the dual stream
   * (the copies the method starts from); {@code head.*} maps to the single-stream hash layer. q, k,
   * v are listed separately ({@code blocks.i.attn.q.weight}); the importer splits timm's fused
   * {@code attn.qkv}.
   *
   * @return timm name to the parameters it fills (two for the dual stream's last block)
   */
  public java.util.Map<String, List<Parameter>> timmParameters() {
    java.util.Map<String, List<Parameter>> m = new java.util.LinkedHashMap<>();
    if (config.stem() == VitConfig.Stem.PATCH) {
      m.put("patch_embed.proj.weight", List.of(patchEmbed.getParameters().get("weight")));
      m.put("patch_embed.proj.bias", List.of(patchEmbed.getParameters().get("bias")));
    } else {
      // no pretrained checkpoint has a convolutional stem: these show as missing
      for (var p : patchEmbed.getParameters()) {
        if (p.getValue().getType() != Parameter.Type.RUNNING_MEAN
            && p.getValue().getType() != Parameter.Type.RUNNING_VAR) {
          m.put("conv_stem." + p.getKey(), List.of(p.getValue()));
        }
      }
    }
    m.put("cls_token", List.of(classToken));
    m.put("pos_embed", List.of(positions));
    for (int i = 0; i < shared.size(); i++) {
      for (var e : shared.get(i).timmParameters().entrySet()) {
        m.put("blocks." + i + "." + e.getKey(), List.of(e.getValue()));
      }
    }
    if (dualStream) {
      var global = globalBlock.timmParameters();
      var local = localBlock.timmParameters();
      for (String key : global.keySet()) {
        m.put("blocks." + shared.size() + "." + key, List.of(global.get(key), local.get(key)));
      }
    }
    m.put("norm.weight", List.of(globalNorm.getParameters().get("gamma")));
    m.put("norm.bias", List.of(globalNorm.getParameters().get("beta")));
    if (!dualStream) {
      m.put("head.weight", List.of(globalHash.getParameters().get("weight")));
      m.put("head.bias", List.of(globalHash.getParameters().get("bias")));
    } else {
      // TransHash's own layers: no pretrained checkpoint has them, so they show as missing
      m.put("hash_global.weight", List.of(globalHash.getParameters().get("weight")));
      m.put("hash_global.bias", List.of(globalHash.getParameters().get("bias")));
      for (int k = 0; k < groups; k++) {
        m.put(
            "hash_local_" + k + ".weight",
            List.of(localHashes.get(k).getParameters().get("weight")));
        m.put("hash_local_" + k + ".bias", List.of(localHashes.get(k).getParameters().get("bias")));
      }
    }
    return m;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray images = inputs.singletonOrThrow();
    Shape s = images.getShape();
    InvalidInputException.check(
        s.dimension() == 4
            && s.get(1) == config.channels()
            && s.get(2) == config.imageSize()
            && s.get(3) == config.imageSize(),
        "expected images (batch, %d, %d, %d), got %s",
        config.channels(),
        config.imageSize(),
        config.imageSize(),
        s);
    long batch = s.get(0);
    NDArray patches = patchEmbed.forward(ps, new NDList(images), training).singletonOrThrow();
    patches = patches.reshape(batch, config.dim(), config.patches()).transpose(0, 2, 1);
    // zeros(...).add(parameter), not parameter.broadcast(...): a result belongs to its first
    // operand's manager, and the parameter's manager outlives every step (a leak per forward)
    NDArray cls =
        images
            .getManager()
            .zeros(new Shape(batch, 1, config.dim()), images.getDataType())
            .add(ps.getValue(classToken, images.getDevice(), training));
    NDArray z = cls.concat(patches, 1);
    z = z.add(ps.getValue(positions, images.getDevice(), training));
    for (EncoderBlock block : shared) {
      z = run(block, ps, z, training);
    }
    NDList out = new NDList();
    if (!dualStream) {
      out.add(
          hash(
              ps,
              globalHash,
              globalNorm.forward(ps, new NDList(classTokenOf(z)), training).singletonOrThrow(),
              training));
      return out;
    }
    NDArray global = run(globalBlock, ps, z, training);
    out.add(
        hash(
            ps,
            globalHash,
            globalNorm.forward(ps, new NDList(classTokenOf(global)), training).singletonOrThrow(),
            training));
    NDArray z0 = z.get(new NDIndex(":, 0:1, :"));
    List<int[]> ranges = groupRanges();
    for (int k = 0; k < groups; k++) {
      int[] r = ranges.get(k);
      NDArray group = z0.concat(z.get(new NDIndex(":, {}:{}, :", r[0], r[1])), 1);
      NDArray token = classTokenOf(run(localBlock, ps, group, training));
      if (localNorm) {
        token = globalNorm.forward(ps, new NDList(token), training).singletonOrThrow();
      }
      out.add(hash(ps, localHashes.get(k), token, training));
    }
    return out;
  }

  /**
   * Runs one encoder block. In inference its intermediates (attention maps above all) are freed as
   * soon as the block is done, in a sub-manager: DJL keeps every array until its manager closes, so
   * a batch of 256 ViT-B/16 images would otherwise hold every block's attention maps at once.
   * Training keeps them: backward needs them.
   */
  private static NDArray run(
      EncoderBlock block, ParameterStore ps, NDArray input, boolean training) {
    if (training) {
      return block.forward(ps, new NDList(input), true).singletonOrThrow();
    }
    NDManager parent = input.getManager();
    try (NDManager scratch = parent.newSubManager()) {
      input.tempAttach(scratch);
      NDArray output = block.forward(ps, new NDList(input), false).singletonOrThrow();
      output.attach(parent);
      return output;
    }
  }

  private static NDArray classTokenOf(NDArray tokens) {
    return tokens.get(new NDIndex(":, 0, :"));
  }

  private NDArray hash(ParameterStore ps, Linear layer, NDArray token, boolean training) {
    NDArray h = layer.forward(ps, new NDList(token), training).singletonOrThrow();
    return tanh ? h.tanh() : h;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long batch = inputShapes[0].get(0);
    return headBits().stream().map(b -> new Shape(batch, b)).toArray(Shape[]::new);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long batch = inputShapes[0].get(0);
    patchEmbed.initialize(manager, dataType, inputShapes[0]);
    Shape tokens = new Shape(batch, config.patches() + 1, config.dim());
    for (EncoderBlock block : shared) {
      block.initialize(manager, dataType, tokens);
    }
    Shape token = new Shape(batch, config.dim());
    globalNorm.initialize(manager, dataType, token);
    globalHash.initialize(manager, dataType, token);
    if (dualStream) {
      globalBlock.initialize(manager, dataType, tokens);
      int largest = groupRanges().get(0)[1] - groupRanges().get(0)[0] + 1;
      localBlock.initialize(manager, dataType, new Shape(batch, largest, config.dim()));
      copyParameters(globalBlock, localBlock);
      for (Linear l : localHashes) {
        l.initialize(manager, dataType, token);
      }
    }
  }

  /** Makes {@code to}'s parameters equal to {@code from}'s (same structure). */
  static void copyParameters(Block from, Block to) {
    var source = from.getParameters();
    var target = to.getParameters();
    for (int i = 0; i < source.size(); i++) {
      NDArray src = source.valueAt(i).getArray();
      target.valueAt(i).getArray().set(src.toByteBuffer());
    }
  }
}
