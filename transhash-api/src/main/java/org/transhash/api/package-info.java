/**
 * Core types of TransHash: {@link org.transhash.api.BinaryCodes}, {@link org.transhash.api.Labels},
 * {@link org.transhash.api.Neighbours}, images and datasets, the extension points ({@link
 * org.transhash.api.HashingModel}, {@link org.transhash.api.HashingLoss}, {@link
 * org.transhash.api.HammingIndex}, {@link org.transhash.api.DatasetSource}), {@link
 * org.transhash.api.Scalars} for constants in what autograd differentiates, and the exceptions.
 */
package org.transhash.api;
