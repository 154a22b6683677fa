/**
 * Hashing networks on DJL: the Vision Transformer with TransHash's dual-stream hash head, CNN
 * baselines and weight import. This first version holds the engine access that every model uses.
 */
package org.transhash.backbone;
