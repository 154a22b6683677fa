/** Guice assembly: registries of models, losses and indexes by name, and swappable defaults. */
package org.transhash.train.guice;
