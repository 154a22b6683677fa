/** The {@code transhash} command line (picocli): search, index files, and later train and eval. */
package org.transhash.examples.cli;
