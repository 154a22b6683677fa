package org.transhash.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import org.transhash.api.TransHashException;
import org.transhash.backbone.OneDnn;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code transhash} command line. Every command has {@code --help}; errors in the input
 * (missing or corrupt files, bad values) are reported in one line naming the file or value, with
 * exit status 1; bad flags print the usage with exit status 2.
 */
@Command(
    name = "transhash",
    mixinStandardHelpOptions = true,
    version = "transhash 0.1.0-SNAPSHOT",
    description =
        "Deep Hamming hashing for image retrieval: train, encode, index, search, evaluate.",
    subcommands = {
      TrainCommand.class,
      EncodeCommand.class,
      SearchCommand.class,
      IndexCommand.class,
      EvalCommand.class,
      ReportCommand.class,
      CurvesCommand.class,
      DemoCommand.class
    })
public final class TransHashCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Runs a command line and returns its exit status.
   *
   * @param out standard output
   * @param err standard error
   * @param args the arguments
   * @return 0 on success, 1 for bad input, 2 for bad usage
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    try {
      OneDnn.configure(); // here, so a bad -Dtranshash.onednn is an error line, not a stack trace
    } catch (TransHashException e) {
      err.println("transhash: error: " + e.getMessage());
      err.flush();
      return 1;
    }
    CommandLine cli = new CommandLine(new TransHashCli());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          String where = commandLine.getCommandName();
          if (e instanceof NoSuchFileException missing) {
            commandLine
                .getErr()
                .println(
                    where
                        + ": error: file not found: "
                        + missing.getMessage()
                        + (missing.getReason() == null ? "" : " (" + missing.getReason() + ")"));
            return 1;
          }
          if (e instanceof IOException || e instanceof TransHashException) {
            commandLine.getErr().println(where + ": error: " + e.getMessage());
            return 1;
          }
          throw e;
        });
    int status = cli.execute(args);
    out.flush();
    err.flush();
    return status;
  }

  /**
   * Entry point.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }
}
