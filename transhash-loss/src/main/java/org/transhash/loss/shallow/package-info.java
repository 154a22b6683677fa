/** Shallow hashing baselines on features: LSH, ITQ and spectral hashing (Apache Commons Math). */
package org.transhash.loss.shallow;
