/**
 * Hashing losses on DJL: {@link org.transhash.loss.TransHashLoss} and the baselines the field
 * compares with, each a {@link org.transhash.api.HashingLoss} with a stable name and its paper's
 * defaults.
 */
package org.transhash.loss;
