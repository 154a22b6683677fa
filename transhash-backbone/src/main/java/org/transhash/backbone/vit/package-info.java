/**
 * The Vision Transformer of TransHash on DJL parts: pre-norm encoder blocks, the dual-stream
 * (global + local) hash head, presets from ViT-L/32 to small models for 28-32 pixel images.
 */
package org.transhash.backbone.vit;
