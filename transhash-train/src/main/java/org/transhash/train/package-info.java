/**
 * Training and encoding on DJL: {@link org.transhash.train.Trainer} (its own loop: schedule,
 * clipping, SGD/AdamW, NaN checks, progress, JSON-lines log) and {@link
 * org.transhash.train.Encoder}. Guice assembly and the pipeline come next (issue 7).
 */
package org.transhash.train;
