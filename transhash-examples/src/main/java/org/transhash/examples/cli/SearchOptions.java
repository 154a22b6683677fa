package org.transhash.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that search: k or radius, threads, output files. */
final class SearchOptions {
  @Option(
      names = "--k",
      defaultValue = "10",
      description = "Neighbours per query (default ${DEFAULT-VALUE}).")
  int k;

  @Option(
      names = "--radius",
      description = "Return every code within this Hamming radius instead of the k nearest.")
  Integer radius;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Search threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--out-ids",
      description = "Write neighbour ids here: int64 .npy, nq x k, -1 padded.")
  Path outIds;

  @Option(
      names = "--out-dist",
      description = "Write distances here: int32 .npy, nq x k, padded with 2147483647.")
  Path outDistances;
}
