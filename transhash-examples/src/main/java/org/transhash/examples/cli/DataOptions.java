package org.transhash.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.transhash.api.ImageDataset;
import org.transhash.api.TransHashException;
import org.transhash.data.source.DatasetSources;
import org.transhash.data.source.IdxDatasetSource;
import org.transhash.data.split.Split;
import org.transhash.data.split.SplitProtocol;
import org.transhash.data.transform.Normalize;
import picocli.CommandLine.Option;

/** Which images: dataset kind and folder, protocol and split (shared by train, encode, demo). */
final class DataOptions {
  @Option(
      names = "--dataset",
      defaultValue = "fashion-mnist",
      description =
          "Dataset kind: fashion-mnist, mnist, cifar10, cifar100, list-file, image-folder (default ${DEFAULT-VALUE}).")
  String dataset;

  @Option(
      names = "--data",
      description =
          "The dataset's folder or file (default for fashion-mnist: Debian's, ${DEFAULT-VALUE}).")
  Path data = IdxDatasetSource.DEBIAN_FASHION_MNIST;

  @Option(
      names = "--protocol",
      defaultValue = "fmnist",
      description =
          "Split protocol: fmnist, fmnist-full, cifar10, cifar10-1, cifar10-2 (default ${DEFAULT-VALUE}).")
  String protocol;

  @Option(
      names = "--split",
      description = "A saved split file to use instead of drawing one (see --split-seed).")
  Path splitFile;

  @Option(
      names = "--split-seed",
      defaultValue = "0",
      description = "Seed the split is drawn with (default ${DEFAULT-VALUE}).")
  long splitSeed;

  @Option(
      names = "--no-install",
      description = "Never install dataset-fashion-mnist when it is missing.")
  boolean noInstall;

  /**
   * Loads the dataset; installs Debian's Fashion-MNIST when it is the default, is missing, and this
   * process may (root, apt-get present, no --no-install).
   */
  ImageDataset load(PrintWriter out) throws Exception {
    if (!Files.exists(data)) {
      installOrExplain(out);
    }
    return DatasetSources.byName(dataset).load(data);
  }

  /** The saved split when given (checked against the data), otherwise one drawn from the seed. */
  Split split(ImageDataset images) throws IOException {
    if (splitFile != null) {
      Split s = Split.load(splitFile);
      s.checkMatches(images);
      return s;
    }
    return SplitProtocol.byName(protocol).draw(images, splitSeed);
  }

  /** The normalisation for the dataset kind. */
  Normalize normalize() {
    return switch (dataset) {
      case "fashion-mnist" -> Normalize.FASHION_MNIST;
      case "mnist" -> Normalize.of(0.1307f, 0.3081f);
      default -> Normalize.IMAGENET;
    };
  }

  private void installOrExplain(PrintWriter out) throws Exception {
    String hint =
        data
            + " not found. Install Debian's package (apt-get install dataset-fashion-mnist) or pass"
            + " --data FOLDER with train-images-idx3-ubyte.gz and the three other IDX files";
    boolean canInstall =
        !noInstall
            && dataset.equals("fashion-mnist")
            && data.equals(IdxDatasetSource.DEBIAN_FASHION_MNIST)
            && "root".equals(System.getProperty("user.name"))
            && Files.isExecutable(Path.of("/usr/bin/apt-get"));
    if (!canInstall) {
      throw new TransHashException(
          dataset.equals("fashion-mnist") ? hint : data + " not found (--data)");
    }
    out.println("installing dataset-fashion-mnist (apt-get)...");
    out.flush();
    Process p =
        new ProcessBuilder("apt-get", "install", "-y", "-q", "dataset-fashion-mnist")
            .inheritIO()
            .start();
    if (p.waitFor() != 0 || !Files.isDirectory(data)) {
      throw new TransHashException("apt-get could not install dataset-fashion-mnist. " + hint);
    }
  }
}
