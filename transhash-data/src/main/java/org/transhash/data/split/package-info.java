/** Seeded, persisted retrieval splits (query, training, database) for the protocols. */
package org.transhash.data.split;
