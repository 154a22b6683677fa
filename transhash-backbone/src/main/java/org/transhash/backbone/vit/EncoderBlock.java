package org.transhash.backbone.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.transhash.api.Scalars;

/**
 * A pre-norm Transformer encoder block, as ViT and timm build it (not DJL's post-norm
 * TransformerEncoderBlock): z = z + MSA(LN(z)); z = z + MLP(LN(z)), with LayerNorm over the last
 * axis (eps 1e-6), multi-head self-attention with separate q, k, v projections, MLP = Linear, GELU,
 * Linear, and optional dropout and stochastic depth. Input and output: (batch, tokens, dim).
 */
public final class EncoderBlock extends AbstractBlock {
  private final int dim;
  private final int heads;
  private final int hidden;
  private final double dropPath;
  private final LayerNorm norm1;
  private final Linear query;
  private final Linear key;
  private final Linear value;
  private final Linear projection;
  private final Dropout attentionDropout;
  private final Dropout projectionDropout;
  private final LayerNorm norm2;
  private final Linear fc1;
  private final Linear fc2;
  private final Dropout mlpDropout;

  /**
   * @param config the ViT shape (dim, heads, MLP ratio, dropout)
   * @param dropPath this block's stochastic-depth rate
   */
  public EncoderBlock(VitConfig config, double dropPath) {
    this.dim = config.dim();
    this.heads = config.heads();
    this.dropPath = dropPath;
    this.hidden = (int) Math.round(config.dim() * config.mlpRatio());
    norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).optEpsilon(1e-6f).build());
    query = addChildBlock("q", Linear.builder().setUnits(dim).build());
    key = addChildBlock("k", Linear.builder().setUnits(dim).build());
    value = addChildBlock("v", Linear.builder().setUnits(dim).build());
    projection = addChildBlock("proj", Linear.builder().setUnits(dim).build());
    attentionDropout =
        addChildBlock(
            "attn_drop", Dropout.builder().optRate((float) config.attentionDropout()).build());
    projectionDropout =
        addChildBlock("proj_drop", Dropout.builder().optRate((float) config.dropout()).build());
    norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).optEpsilon(1e-6f).build());
    fc1 = addChildBlock("fc1", Linear.builder().setUnits(hidden).build());
    fc2 = addChildBlock("fc2", Linear.builder().setUnits(dim).build());
    mlpDropout =
        addChildBlock("mlp_drop", Dropout.builder().optRate((float) config.dropout()).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray z = inputs.singletonOrThrow();
    NDArray a =
        attention(ps, norm1.forward(ps, new NDList(z), training).singletonOrThrow(), training);
    z = z.add(dropPath(a, training));
    NDArray m = norm2.forward(ps, new NDList(z), training).singletonOrThrow();
    m = fc1.forward(ps, new NDList(m), training).singletonOrThrow();
    m = Activation.gelu(m);
    m = mlpDropout.forward(ps, new NDList(m), training).singletonOrThrow();
    m = fc2.forward(ps, new NDList(m), training).singletonOrThrow();
    m = mlpDropout.forward(ps, new NDList(m), training).singletonOrThrow();
    return new NDList(z.add(dropPath(m, training)));
  }

  private NDArray attention(ParameterStore ps, NDArray x, boolean training) {
    Shape s = x.getShape();
    long batch = s.get(0);
    long tokens = s.get(1);
    int headDim = dim / heads;
    NDArray q =
        split(
            query.forward(ps, new NDList(x), training).singletonOrThrow(), batch, tokens, headDim);
    NDArray k =
        split(key.forward(ps, new NDList(x), training).singletonOrThrow(), batch, tokens, headDim);
    NDArray v =
        split(
            value.forward(ps, new NDList(x), training).singletonOrThrow(), batch, tokens, headDim);
    NDArray scores =
        Scalars.mul(q.matMul(k.transpose(0, 1, 3, 2)), 1.0 / Math.sqrt(headDim)).softmax(-1);
    scores = attentionDropout.forward(ps, new NDList(scores), training).singletonOrThrow();
    NDArray out = scores.matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, dim);
    out = projection.forward(ps, new NDList(out), training).singletonOrThrow();
    return projectionDropout.forward(ps, new NDList(out), training).singletonOrThrow();
  }

  /** (batch, tokens, dim) to (batch, heads, tokens, headDim). */
  private NDArray split(NDArray x, long batch, long tokens, int headDim) {
    return x.reshape(batch, tokens, heads, headDim).transpose(0, 2, 1, 3);
  }

  /** Drops the whole residual branch of a sample with probability dropPath, scaling the rest. */
  private NDArray dropPath(NDArray branch, boolean training) {
    if (!training || dropPath == 0) {
      return branch;
    }
    long batch = branch.getShape().get(0);
    NDArray keep =
        branch
            .getManager()
            .randomUniform(0, 1, new Shape(batch, 1, 1))
            .gte(dropPath)
            .toType(branch.getDataType(), false);
    return Scalars.div(branch.mul(keep), 1 - dropPath);
  }

  /**
   * This block's parameters under timm's names relative to a block ({@code norm1.weight}, {@code
   * attn.q.weight}, ..., {@code mlp.fc2.bias}); q, k and v are separate here where timm fuses them
   * into {@code attn.qkv}.
   */
  java.util.Map<String, ai.djl.nn.Parameter> timmParameters() {
    java.util.Map<String, ai.djl.nn.Parameter> m = new java.util.LinkedHashMap<>();
    m.put("norm1.weight", norm1.getParameters().get("gamma"));
    m.put("norm1.bias", norm1.getParameters().get("beta"));
    m.put("attn.q.weight", query.getParameters().get("weight"));
    m.put("attn.q.bias", query.getParameters().get("bias"));
    m.put("attn.k.weight", key.getParameters().get("weight"));
    m.put("attn.k.bias", key.getParameters().get("bias"));
    m.put("attn.v.weight", value.getParameters().get("weight"));
    m.put("attn.v.bias", value.getParameters().get("bias"));
    m.put("attn.proj.weight", projection.getParameters().get("weight"));
    m.put("attn.proj.bias", projection.getParameters().get("bias"));
    m.put("norm2.weight", norm2.getParameters().get("gamma"));
    m.put("norm2.bias", norm2.getParameters().get("beta"));
    m.put("mlp.fc1.weight", fc1.getParameters().get("weight"));
    m.put("mlp.fc1.bias", fc1.getParameters().get("bias"));
    m.put("mlp.fc2.weight", fc2.getParameters().get("weight"));
    m.put("mlp.fc2.bias", fc2.getParameters().get("bias"));
    return m;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape tokens = inputShapes[0];
    for (var block : new ai.djl.nn.Block[] {norm1, query, key, value, projection, norm2, fc1}) {
      block.initialize(manager, dataType, tokens);
    }
    Shape mlpHidden = new Shape(tokens.get(0), tokens.get(1), hidden);
    fc2.initialize(manager, dataType, mlpHidden);
    attentionDropout.initialize(
        manager, dataType, new Shape(tokens.get(0), heads, tokens.get(1), tokens.get(1)));
    projectionDropout.initialize(manager, dataType, tokens);
    mlpDropout.initialize(manager, dataType, mlpHidden);
  }
}
