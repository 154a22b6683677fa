package org.transhash.backbone.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;
import org.transhash.api.InvalidInputException;
import org.transhash.backbone.OneDnn;

/**
 * The CNN baselines as torchvision builds them, from DJL parts: AlexNet, ResNet-18 and ResNet-34
 * from basic blocks (DJL's ResNetV1 with 18 layers is built from bottlenecks, 0.9M parameters),
 * ResNet-50 from bottlenecks (stride on the 3 x 3 convolution, "v1.5"). Convolutions before
 * BatchNorm have no bias. Each has the ImageNet stem or, for 28-32 pixel images, a small stem (3 x
 * 3 convolution, stride 1, no max-pool). The feature extractors end with global average pooling
 * (ResNets) or the flattened last feature map (AlexNet).
 */
public final class Cnns {
  /**
   * The fewest input channels with which a strided 1 x 1 convolution (a residual shortcut's
   * projection) may read a {@link #reluChannelsLast() channels-last} array. With fewer than its
   * block of 16 channels (AVX-512; 8 on AVX2) oneDNN's backward pass of that convolution, in the
   * libtorch 2.7.1 that DJL 0.36.0 loads, writes past its workspace: on AVX-512 it corrupts the
   * heap and the JVM aborts ("double free or corruption"), on AVX2 the weight gradient comes out
   * wrong (oneDNN issue 6035). The plain layout is not affected, so a network whose strided
   * projections read fewer channels than this stays in it.
   */
  public static final int CHANNELS_LAST_MIN_CHANNELS = 16;

  static {
    OneDnn.configure(); // before any convolution runs
  }

  private Cnns() {}

  /** The stem of a network. */
  public enum Stem {
    /** torchvision's stem for 224-pixel images. */
    IMAGENET,
    /** A 3 x 3 convolution with stride 1 and no max-pool, for 28-32 pixel images. */
    SMALL
  }

  private static Block conv(int filters, int kernel, int stride, int padding) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(padding, padding))
        .optBias(false)
        .build();
  }

  private static Block residual(Block main, Block shortcut) {
    return new SequentialBlock()
        .add(
            new ParallelBlock(
                list ->
                    new NDList(
                        NDArrays.add(
                            list.get(0).singletonOrThrow(), list.get(1).singletonOrThrow())),
                Arrays.asList(main, shortcut)))
        .add(Activation.reluBlock());
  }

  private static Block shortcut(int filters, int stride, boolean project) {
    if (!project) {
      return Blocks.identityBlock();
    }
    return new SequentialBlock().add(conv(filters, 1, stride, 0)).add(BatchNorm.builder().build());
  }

  /**
   * A ResNet basic block: two 3 x 3 convolutions with batch norm, ReLU between them and after the
   * residual sum.
   *
   * @param filters output channels
   * @param stride stride of the first convolution (and of the shortcut's projection)
   * @param project whether the shortcut is a 1 x 1 convolution with batch norm (needed when the
   *     stride or the channel count changes) rather than the identity
   * @return the block
   */
  public static Block basicBlock(int filters, int stride, boolean project) {
    Block main =
        new SequentialBlock()
            .add(conv(filters, 3, stride, 1))
            .add(BatchNorm.builder().build())
            .add(Activation.reluBlock())
            .add(conv(filters, 3, 1, 1))
            .add(BatchNorm.builder().build());
    return residual(main, shortcut(filters, stride, project));
  }

  static Block bottleneck(int width, int stride, boolean project) {
    Block main =
        new SequentialBlock()
            .add(conv(width, 1, 1, 0))
            .add(BatchNorm.builder().build())
            .add(Activation.reluBlock())
            .add(conv(width, 3, stride, 1))
            .add(BatchNorm.builder().build())
            .add(Activation.reluBlock())
            .add(conv(width * 4, 1, 1, 0))
            .add(BatchNorm.builder().build());
    return residual(main, shortcut(width * 4, stride, project));
  }

  /**
   * ReLU, then the result laid out channels last: the values and the (batch, channels, height,
   * width) shape stay, the memory order becomes (batch, height, width, channels), as PyTorch's
   * {@code x.contiguous(memory_format=torch.channels_last)} makes it. The convolutions, batch
   * norms, ReLUs and residual sums that follow keep that layout, and oneDNN runs them on the CPU
   * without reordering each one's input and output: the narrow-stem ViT's convolutions take a fifth
   * less time, its training step 3 to 5 % less and encoding 8 % less (BENCHMARKS.md, "Channels
   * last, and a fifth of the weight decay"). On an array already laid out so it copies nothing.
   *
   * <p>It stands in a network's first ReLU, in place of {@link Activation#reluBlock()}, so the
   * parameters keep their names (a {@link SequentialBlock} names its children by position and
   * class).
   *
   * @return the block
   */
  public static Block reluChannelsLast() {
    return new LambdaBlock(Cnns::reluChannelsLast, "ReLU");
  }

  private static NDList reluChannelsLast(NDList input) {
    NDArray x = Activation.relu(input.singletonOrThrow());
    Shape s = x.getShape();
    // the transpose is a view; reshaping it to a matrix copies it in (b, h, w, c) order
    return new NDList(
        x.transpose(0, 2, 3, 1)
            .reshape(s.get(0) * s.get(2) * s.get(3), s.get(1))
            .reshape(s.get(0), s.get(2), s.get(3), s.get(1))
            .transpose(0, 3, 1, 2));
  }

  private static SequentialBlock stem(Stem stem) {
    SequentialBlock s = new SequentialBlock();
    if (stem == Stem.IMAGENET) {
      s.add(conv(64, 7, 2, 3))
          .add(BatchNorm.builder().build())
          .add(reluChannelsLast())
          .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    } else {
      s.add(conv(64, 3, 1, 1)).add(BatchNorm.builder().build()).add(reluChannelsLast());
    }
    return s;
  }

  /**
   * A ResNet feature extractor: images to (batch, 512) or (batch, 2048) for ResNet-50.
   *
   * @param depth 18, 34 or 50
   * @param stem the stem
   * @return the block
   */
  public static SequentialBlock resnet(int depth, Stem stem) {
    int[] blocks =
        switch (depth) {
          case 18 -> new int[] {2, 2, 2, 2};
          case 34, 50 -> new int[] {3, 4, 6, 3};
          default ->
              throw new InvalidInputException("ResNet depth must be 18, 34 or 50, got " + depth);
        };
    boolean bottlenecks = depth == 50;
    SequentialBlock net = stem(stem);
    int[] widths = {64, 128, 256, 512};
    int channels = 64;
    for (int stage = 0; stage < 4; stage++) {
      for (int b = 0; b < blocks[stage]; b++) {
        int stride = stage > 0 && b == 0 ? 2 : 1;
        int out = bottlenecks ? widths[stage] * 4 : widths[stage];
        boolean project = stride != 1 || channels != out;
        net.add(
            bottlenecks
                ? bottleneck(widths[stage], stride, project)
                : basicBlock(widths[stage], stride, project));
        channels = out;
      }
    }
    return net.add(Pool.globalAvgPool2dBlock());
  }

  /** Feature width of a ResNet: 512, or 2048 for ResNet-50. */
  public static int resnetFeatures(int depth) {
    return depth == 50 ? 2048 : 512;
  }

  /**
   * AlexNet's feature extractor and its two 4096-unit layers (torchvision), ending at the second
   * 4096-unit ReLU: images to (batch, 4096). With the ImageNet stem it expects 224-pixel images (6
   * x 6 last feature map); the small stem (3 x 3 first convolution, stride 1, no first max-pool)
   * suits 28-32 pixels.
   *
   * @param stem the stem
   * @param dropout dropout before each 4096-unit layer (torchvision: 0.5)
   * @return the block
   */
  public static SequentialBlock alexnet(Stem stem, float dropout) {
    SequentialBlock net = new SequentialBlock();
    if (stem == Stem.IMAGENET) {
      net.add(biasedConv(64, 11, 4, 2))
          .add(Activation.reluBlock())
          .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)));
    } else {
      net.add(biasedConv(64, 3, 1, 1)).add(Activation.reluBlock());
    }
    net.add(biasedConv(192, 5, 1, 2))
        .add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)))
        .add(biasedConv(384, 3, 1, 1))
        .add(Activation.reluBlock())
        .add(biasedConv(256, 3, 1, 1))
        .add(Activation.reluBlock())
        .add(biasedConv(256, 3, 1, 1))
        .add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)))
        .add(Blocks.batchFlattenBlock())
        .add(Dropout.builder().optRate(dropout).build())
        .add(Linear.builder().setUnits(4096).build())
        .add(Activation.reluBlock())
        .add(Dropout.builder().optRate(dropout).build())
        .add(Linear.builder().setUnits(4096).build())
        .add(Activation.reluBlock());
    return net;
  }

  private static Block biasedConv(int filters, int kernel, int stride, int padding) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(padding, padding))
        .build();
  }
}
