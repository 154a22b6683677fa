package org.transhash.examples.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.transhash.api.BinaryCodes;
import org.transhash.api.HammingIndex;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Neighbours;
import org.transhash.api.io.Json;
import org.transhash.index.HammingIndexes;
import org.transhash.index.MultiIndexHashingIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code transhash search}: builds an index over database codes and searches it, side by side
 * comparable with {@code faiss_binary.py search} (same inputs, same JSON fields, same outputs).
 */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description =
        "Index database codes and search them with query codes. Codes are uint8 .npy files (n, "
            + "bits/8) in numpy packbits order. Prints one JSON line: index, n, bits, nq, k, "
            + "threads, build_s, search_s, qps.")
final class SearchCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--db", required = true, description = "Database codes (.npy).")
  Path db;

  @Option(names = "--queries", required = true, description = "Query codes (.npy).")
  Path queries;

  @Option(
      names = "--index",
      defaultValue = "linear",
      description = "linear or mih (default ${DEFAULT-VALUE}).")
  String index;

  @Option(
      names = "--substrings",
      description = "mih: number of substrings (default: about bits / log2 n).")
  Integer substrings;

  @Mixin SearchOptions search;

  @Override
  public Integer call() throws Exception {
    BinaryCodes dbCodes = BinaryCodes.readNpy(db);
    BinaryCodes queryCodes = BinaryCodes.readNpy(queries);
    InvalidInputException.check(
        dbCodes.bits() == queryCodes.bits(),
        "%s has %d-bit codes but %s has %d-bit codes",
        db,
        dbCodes.bits(),
        queries,
        queryCodes.bits());
    long start = System.nanoTime();
    Map<String, String> options =
        substrings == null ? Map.of() : Map.of("substrings", substrings.toString());
    HammingIndex built = HammingIndexes.create(index, dbCodes.bits(), search.threads, options);
    long[] ids = new long[dbCodes.count()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
    }
    built.add(dbCodes, ids);
    double buildSeconds = (System.nanoTime() - start) / 1e9;
    Map<String, Object> report = run(built, queryCodes, search);
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("index", index);
    line.put("n", dbCodes.count());
    line.put("bits", dbCodes.bits());
    line.put("build_s", round(buildSeconds));
    line.putAll(report);
    if (built instanceof MultiIndexHashingIndex mih) {
      line.put("substrings", mih.substrings());
      line.put("scanned_queries", mih.scannedQueries());
      line.put("bytes_per_code", mih.bytesPerCode());
    }
    spec.commandLine().getOut().println(Json.write(line));
    return 0;
  }

  /** Searches and writes the outputs; returns the timing fields of the JSON line. */
  static Map<String, Object> run(HammingIndex index, BinaryCodes queries, SearchOptions search)
      throws java.io.IOException {
    InvalidInputException.check(search.k >= 1, "--k must be >= 1, got %d", search.k);
    long start = System.nanoTime();
    Neighbours result =
        search.radius == null
            ? index.search(queries, search.k)
            : index.searchRadius(queries, search.radius);
    double seconds = (System.nanoTime() - start) / 1e9;
    int k = search.radius == null ? search.k : maxCount(result);
    SearchOutput.write(result, Math.max(k, 1), search.outIds, search.outDistances);
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("nq", queries.count());
    line.put("k", search.radius == null ? search.k : null);
    if (search.radius != null) {
      line.put("radius", search.radius);
      line.put("found", result.totalCount());
    }
    line.put("threads", search.threads);
    line.put("search_s", round(seconds));
    line.put("qps", Math.round(queries.count() / Math.max(seconds, 1e-9) * 100) / 100.0);
    return line;
  }

  private static int maxCount(Neighbours result) {
    int max = 0;
    for (int q = 0; q < result.queryCount(); q++) {
      max = Math.max(max, result.count(q));
    }
    return max;
  }

  static double round(double seconds) {
    return Math.round(seconds * 1e4) / 1e4;
  }
}
