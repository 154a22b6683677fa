package org.transhash.backbone;

import java.util.List;
import org.transhash.api.HashingModel;
import org.transhash.api.InvalidInputException;
import org.transhash.api.UnknownNameException;
import org.transhash.backbone.cnn.CnnHashingModel;
import org.transhash.backbone.cnn.Cnns;
import org.transhash.backbone.vit.VitConfig;
import org.transhash.backbone.vit.VitHashingModel;

/**
 * The built-in hashing models by name, for code that does not use Guice: {@code vit-dual}, {@code
 * vit}, {@code alexnet}, {@code resnet18}, {@code resnet34}, {@code resnet50}.
 */
public final class HashingModels {
  private HashingModels() {}

  /**
   * What a model is built for.
   *
   * @param localNorm the dual-stream ViT's local class tokens go through its final LayerNorm too
   *     (see {@link org.transhash.backbone.vit.VitHashNet}); ignored by the other models
   * @param vitDepth the ViT's number of encoder blocks in place of the preset's; 0 keeps the
   *     preset's; ignored by the other models
   */
  public record Spec(
      int imageSize,
      int channels,
      int bits,
      int groups,
      String vitPreset,
      boolean tanh,
      boolean localNorm,
      int vitDepth) {
    /** Validates the values. */
    public Spec {
      InvalidInputException.check(
          imageSize >= 1 && channels >= 1, "bad image shape %d x %d", imageSize, channels);
      InvalidInputException.check(
          vitDepth >= 0, "the ViT depth must be >= 1 (or 0 for the preset's), got %d", vitDepth);
    }

    /**
     * A spec without the local LayerNorm (the method as METHOD.md writes it), at the preset's
     * depth.
     */
    public Spec(int imageSize, int channels, int bits, int groups, String vitPreset, boolean tanh) {
      this(imageSize, channels, bits, groups, vitPreset, tanh, false, 0);
    }
  }

  /** Names of the built-in models. */
  public static List<String> names() {
    return List.of(
        VitHashingModel.DUAL,
        VitHashingModel.SINGLE,
        "alexnet",
        "resnet18",
        "resnet34",
        "resnet50");
  }

  /**
   * A new model.
   *
   * @param name a built-in name
   * @param spec image shape, bits, K and the ViT preset (for the ViT models)
   * @return the model, not yet initialised
   * @throws UnknownNameException listing the known names
   */
  public static HashingModel create(String name, Spec spec) {
    Cnns.Stem stem = spec.imageSize() <= 64 ? Cnns.Stem.SMALL : Cnns.Stem.IMAGENET;
    return switch (name) {
      case VitHashingModel.DUAL, VitHashingModel.SINGLE -> {
        VitConfig preset = VitConfig.preset(spec.vitPreset());
        VitConfig config =
            preset
                .forImages(spec.imageSize(), spec.channels())
                .withDepth(spec.vitDepth() > 0 ? spec.vitDepth() : preset.depth());
        yield VitHashingModel.of(
            config,
            spec.bits(),
            spec.groups(),
            name.equals(VitHashingModel.DUAL),
            spec.tanh(),
            spec.localNorm());
      }
      case "alexnet" -> CnnHashingModel.alexnet(stem, spec.bits());
      case "resnet18" -> CnnHashingModel.resnet(18, stem, spec.bits());
      case "resnet34" -> CnnHashingModel.resnet(34, stem, spec.bits());
      case "resnet50" -> CnnHashingModel.resnet(50, stem, spec.bits());
      default -> throw new UnknownNameException("model", name, names());
    };
  }
}
