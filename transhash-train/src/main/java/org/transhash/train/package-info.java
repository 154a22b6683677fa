/**
 * Training and encoding on DJL: {@link org.transhash.train.Trainer} (its own loop: schedule,
 * clipping, SGD/AdamW, NaN checks, progress, JSON-lines log) and {@link
 * org.transhash.train.Encoder}; Guice assembly in {@code org.transhash.train.guice}.
 */
package org.transhash.train;
