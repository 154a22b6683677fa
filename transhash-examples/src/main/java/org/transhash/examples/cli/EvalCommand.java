package org.transhash.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transhash.api.BinaryCodes;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Labels;
import org.transhash.api.io.Npy;
import org.transhash.api.io.NpyArray;
import org.transhash.eval.ContinuousOutputs;
import org.transhash.eval.EvalOptions;
import org.transhash.eval.EvaluationReport;
import org.transhash.eval.RetrievalEvaluator;
import org.transhash.eval.RetrievalMetrics;
import org.transhash.eval.RetrievalProtocol;
import org.transhash.eval.TiePolicy;
import org.transhash.eval.ZeroRelevantPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transhash eval}: the retrieval metrics of query codes against database codes. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description =
        "Evaluate Hamming ranking: mAP@K, precision/recall curves, P@N, radius metrics. Codes: "
            + "uint8 .npy (n, bits/8), numpy packbits order. Labels: .npy int class ids (n,) or 0/1 "
            + "multi-hot (n, C). Writes report.json, summary.csv, curves.csv, radius.csv, "
            + "p_at_n.csv, table.md and three PNG plots into --out.")
final class EvalCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--query-codes", required = true, description = "Query codes (.npy).")
  Path queryCodes;

  @Option(names = "--db-codes", required = true, description = "Database codes (.npy).")
  Path dbCodes;

  @Option(names = "--query-labels", required = true, description = "Query labels (.npy).")
  Path queryLabels;

  @Option(names = "--db-labels", required = true, description = "Database labels (.npy).")
  Path dbLabels;

  @Option(
      names = "--protocol",
      description = "A named protocol; sets K unless --topk is given (${COMPLETION-CANDIDATES}).",
      completionCandidates = ProtocolNames.class)
  String protocol;

  @Option(names = "--topk", description = "K of mAP@K: a number or 'all' (default: all).")
  String topK;

  @Option(
      names = "--ties",
      defaultValue = "stable",
      description = "stable or expected (default ${DEFAULT-VALUE}).")
  String ties;

  @Option(
      names = "--zero-relevant",
      defaultValue = "count",
      description =
          "Queries without a relevant item in the top K: count (AP 0) or drop (default ${DEFAULT-VALUE}).")
  String zeroRelevant;

  @Option(
      names = "--query-outputs",
      description =
          "float32 .npy (n, dim) of the continuous query outputs: re-rank the top K by cosine.")
  Path queryOutputs;

  @Option(
      names = "--db-outputs",
      description = "float32 .npy (n, dim) of the continuous database outputs.")
  Path dbOutputs;

  @Option(
      names = "--shuffles",
      defaultValue = "0",
      description = "Seeded database shuffles for mean and std of mAP.")
  int shuffles;

  @Option(names = "--shuffle-seed", defaultValue = "0", description = "Seed of the first shuffle.")
  long shuffleSeed;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "Threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--method",
      defaultValue = "codes",
      description = "Method name for the report (default ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--out", required = true, description = "Folder for the report files.")
  Path out;

  /** The protocol names, for help and completion. */
  static final class ProtocolNames extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    ProtocolNames() {
      super(new java.util.TreeSet<>(RetrievalProtocol.builtIn().keySet()));
    }
  }

  @Override
  public Integer call() throws Exception {
    EvalOptions options = options();
    BinaryCodes queries = BinaryCodes.readNpy(queryCodes);
    BinaryCodes database = BinaryCodes.readNpy(dbCodes);
    NpyArray ql = Npy.read(queryLabels);
    NpyArray dl = Npy.read(dbLabels);
    int classes = 0;
    if (ql.rank() == 1 && dl.rank() == 1) {
      classes = Math.max(max(ql), max(dl)) + 1;
    }
    Labels queryLabelSet = labels(ql, classes, queryLabels);
    Labels dbLabelSet = labels(dl, classes, dbLabels);
    InvalidInputException.check(
        queries.count() == queryLabelSet.count(),
        "%s holds %d codes but %s holds %d labels",
        queryCodes,
        queries.count(),
        queryLabels,
        queryLabelSet.count());
    InvalidInputException.check(
        database.count() == dbLabelSet.count(),
        "%s holds %d codes but %s holds %d labels",
        dbCodes,
        database.count(),
        dbLabels,
        dbLabelSet.count());
    ContinuousOutputs outputs = null;
    if (queryOutputs != null || dbOutputs != null) {
      InvalidInputException.check(
          queryOutputs != null && dbOutputs != null,
          "re-ranking needs both --query-outputs and --db-outputs");
      NpyArray qo = Npy.read(queryOutputs);
      NpyArray dbo = Npy.read(dbOutputs);
      InvalidInputException.check(
          qo.rank() == 2 && dbo.rank() == 2 && qo.dim(1) == dbo.dim(1),
          "outputs must be 2-D float32 arrays of equal width, got %s and %s",
          qo,
          dbo);
      outputs = new ContinuousOutputs(qo.toFloatArray(), dbo.toFloatArray(), qo.dim(1));
    }
    RetrievalMetrics metrics =
        RetrievalEvaluator.evaluate(queries, queryLabelSet, database, dbLabelSet, options, outputs);
    EvaluationReport report =
        new EvaluationReport(
            method,
            protocol == null ? "custom" : protocol,
            "files " + queryCodes + ", " + dbCodes,
            queries.bits(),
            database.count(),
            options,
            metrics);
    report.writeTo(out);
    PrintWriter w = spec.commandLine().getOut();
    w.printf(
        Locale.ROOT,
        "%s, %d bits: %d queries (%d evaluated) x %d database, K=%s, ties %s, zero-relevant %s%n",
        method,
        queries.bits(),
        metrics.queries(),
        metrics.evaluatedQueries(),
        database.count(),
        options.topKLabel(),
        options.ties().label(),
        options.zeroRelevant().label());
    w.printf(Locale.ROOT, "mAP@%s   %.4f%n", options.topKLabel(), metrics.map());
    w.printf(Locale.ROOT, "P@H<=2   %.4f%n", metrics.precisionWithinRadius2());
    if (outputs != null) {
      w.printf(
          Locale.ROOT,
          "mAP@%s re-ranked by cosine   %.4f%n",
          options.topKLabel(),
          metrics.rerankedMap());
    }
    if (!Double.isNaN(metrics.precisionAt(1000))) {
      w.printf(Locale.ROOT, "P@1000   %.4f%n", metrics.precisionAt(1000));
    }
    if (options.shuffles() > 0) {
      w.printf(
          Locale.ROOT,
          "mAP over %d shuffles: %.4f +- %.4f%n",
          options.shuffles(),
          metrics.shuffleMean(),
          metrics.shuffleStd());
    }
    w.printf(Locale.ROOT, "evaluated in %.3f s; report in %s%n", metrics.seconds(), out);
    return 0;
  }

  private EvalOptions options() {
    int k = EvalOptions.ALL;
    if (protocol != null) {
      k = RetrievalProtocol.byName(protocol).topK();
    }
    if (topK != null) {
      if (topK.equalsIgnoreCase("all")) {
        k = EvalOptions.ALL;
      } else {
        try {
          k = Integer.parseInt(topK);
        } catch (NumberFormatException e) {
          throw new InvalidInputException("--topk must be a number or 'all', got '" + topK + "'");
        }
      }
    }
    return new EvalOptions(
        k,
        parse(TiePolicy.class, ties, "--ties"),
        parse(ZeroRelevantPolicy.class, zeroRelevant, "--zero-relevant"),
        100,
        EvalOptions.STANDARD_N,
        shuffles,
        shuffleSeed,
        threads);
  }

  static <E extends Enum<E>> E parse(Class<E> type, String value, String flag) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    throw new InvalidInputException(
        flag
            + " must be one of "
            + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT)
            + ", got '"
            + value
            + "'");
  }

  private static int max(NpyArray ids) {
    int m = 0;
    for (int v : ids.toIntArray()) {
      m = Math.max(m, v);
    }
    return m;
  }

  private static Labels labels(NpyArray array, int classes, Path file) throws java.io.IOException {
    try {
      return Labels.fromNpy(array, classes);
    } catch (InvalidInputException e) {
      throw new org.transhash.api.io.CorruptFileException(file, -1, e.getMessage());
    }
  }
}
