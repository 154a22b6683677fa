/**
 * Bit-packed Hamming indexes: {@link org.transhash.index.LinearScanIndex} (exhaustive, exact,
 * counting-bucket top-k), {@link org.transhash.index.MultiIndexHashingIndex} (exact, sublinear on
 * clustered codes) and {@link org.transhash.index.IndexFiles} (durable, checksummed files). No DJL:
 * a service that only searches needs nothing else.
 */
package org.transhash.index;
