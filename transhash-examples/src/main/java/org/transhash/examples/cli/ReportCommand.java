package org.transhash.examples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.transhash.eval.ReportMerger;
import org.transhash.eval.ReportRow;
import org.transhash.eval.ReportTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code transhash report}: merges evaluation folders into one table and one set of plots. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Merge the folders written by 'transhash eval' into one table (table.csv, table.md) "
            + "and one set of plots (one line per run); prints the Markdown table.")
final class ReportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", description = "Evaluation folders.")
  List<Path> runs;

  @Option(
      names = "--out",
      defaultValue = "report",
      description = "Output folder (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    List<ReportRow> rows = ReportMerger.merge(runs, out);
    spec.commandLine().getOut().print(ReportTables.markdown(rows));
    spec.commandLine().getOut().println("written to " + out);
    return 0;
  }
}
