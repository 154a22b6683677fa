package org.transhash.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.transhash.api.BinaryCodes;
import org.transhash.api.HammingIndex;
import org.transhash.api.InvalidInputException;
import org.transhash.api.io.Json;
import org.transhash.api.io.Npy;
import org.transhash.index.HammingIndexes;
import org.transhash.index.IndexFiles;
import org.transhash.index.MultiIndexHashingIndex;
import org.transhash.index.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code transhash index build|info|search}: index files on disk. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = "Build, describe and search index files.",
    subcommands = {IndexCommand.Build.class, IndexCommand.Info.class, IndexCommand.Search.class})
final class IndexCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "build",
      mixinStandardHelpOptions = true,
      description = "Build an index file from codes (.npy uint8, numpy packbits order).")
  static final class Build implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--codes", required = true, description = "Codes to index (.npy).")
    Path codes;

    @Option(
        names = "--ids",
        description = "int64 or int32 .npy of one id per code (default 0..n-1).")
    Path ids;

    @Option(
        names = "--index",
        defaultValue = "linear",
        description = "linear or mih (default ${DEFAULT-VALUE}).")
    String index;

    @Option(names = "--substrings", description = "mih: number of substrings.")
    Integer substrings;

    @Option(names = "--out", required = true, description = "The index file to write.")
    Path out;

    @Option(
        names = "--model",
        defaultValue = "",
        description = "Provenance: the model that made the codes.")
    String model;

    @Option(names = "--loss", defaultValue = "", description = "Provenance: its loss.")
    String loss;

    @Option(names = "--dataset", defaultValue = "", description = "Provenance: the dataset.")
    String dataset;

    @Option(names = "--seed", defaultValue = "0", description = "Provenance: the training seed.")
    long seed;

    @Option(names = "--note", defaultValue = "", description = "Provenance: free text.")
    String note;

    @Override
    public Integer call() throws Exception {
      BinaryCodes data = BinaryCodes.readNpy(codes);
      long[] idValues;
      if (ids == null) {
        idValues = new long[data.count()];
        for (int i = 0; i < idValues.length; i++) {
          idValues[i] = i;
        }
      } else {
        idValues = Npy.read(ids).toLongArray();
        InvalidInputException.check(
            idValues.length == data.count(),
            "%s holds %d ids for %d codes in %s",
            ids,
            idValues.length,
            data.count(),
            codes);
      }
      Map<String, String> options =
          substrings == null ? Map.of() : Map.of("substrings", substrings.toString());
      HammingIndex built = HammingIndexes.create(index, data.bits(), 1, options);
      built.add(data, idValues);
      IndexFiles.save(built, new Provenance(model, loss, dataset, seed, note), out);
      spec.commandLine().getOut().println(Json.write(describe(out, built, null)));
      return 0;
    }
  }

  @Command(
      name = "info",
      mixinStandardHelpOptions = true,
      description = "Describe an index file (JSON).")
  static final class Info implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "The index file.")
    Path file;

    @Override
    public Integer call() throws Exception {
      IndexFiles.Loaded loaded = IndexFiles.load(file);
      spec.commandLine()
          .getOut()
          .println(Json.write(describe(file, loaded.index(), loaded.provenance())));
      return 0;
    }
  }

  @Command(
      name = "search",
      mixinStandardHelpOptions = true,
      description = "Search an index file with query codes; prints one JSON line.")
  static final class Search implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "The index file.")
    Path file;

    @Option(names = "--queries", required = true, description = "Query codes (.npy).")
    Path queries;

    @Mixin SearchOptions search;

    @Override
    public Integer call() throws Exception {
      BinaryCodes queryCodes = BinaryCodes.readNpy(queries);
      long start = System.nanoTime();
      IndexFiles.Loaded loaded = IndexFiles.load(file, search.threads, queryCodes.bits());
      double loadSeconds = (System.nanoTime() - start) / 1e9;
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("index", loaded.index().name());
      line.put("n", loaded.index().size());
      line.put("bits", loaded.index().bits());
      line.put("load_s", SearchCommand.round(loadSeconds));
      line.putAll(SearchCommand.run(loaded.index(), queryCodes, search));
      spec.commandLine().getOut().println(Json.write(line));
      return 0;
    }
  }

  static Map<String, Object> describe(Path file, HammingIndex index, Provenance provenance)
      throws java.io.IOException {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("file", file.toString());
    info.put("format", IndexFiles.FORMAT + " v" + IndexFiles.VERSION);
    info.put("bytes", Files.size(file));
    info.put("index", index.name());
    info.put("bits", index.bits());
    info.put("count", index.size());
    if (index instanceof MultiIndexHashingIndex mih) {
      info.put("substrings", mih.substrings());
    }
    if (provenance != null) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("model", provenance.model());
      p.put("loss", provenance.loss());
      p.put("dataset", provenance.dataset());
      p.put("seed", provenance.seed());
      p.put("note", provenance.note());
      info.put("provenance", p);
    }
    return info;
  }
}
