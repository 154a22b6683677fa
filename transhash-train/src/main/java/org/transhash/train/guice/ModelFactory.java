package org.transhash.train.guice;

import org.transhash.api.HashingModel;
import org.transhash.backbone.HashingModels;

/** Makes a hashing model for an image shape and code length; bound by name in a registry. */
@FunctionalInterface
public interface ModelFactory {
  /**
   * @param spec image shape, bits, K, ViT preset
   * @return a new, uninitialised model
   */
  HashingModel create(HashingModels.Spec spec);
}
