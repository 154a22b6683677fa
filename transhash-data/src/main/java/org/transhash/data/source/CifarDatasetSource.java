package org.transhash.data.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.transhash.api.DatasetSource;
import org.transhash.api.ImageDataset;
import org.transhash.api.Labels;
import org.transhash.api.io.CorruptFileException;

/**
 * CIFAR-10 and CIFAR-100 in their binary versions: a folder with {@code data_batch_1.bin} .. {@code
 * data_batch_5.bin} and {@code test_batch.bin} (CIFAR-10; records of 1 label byte and 3,072 pixel
 * bytes) or {@code train.bin} and {@code test.bin} (CIFAR-100; a coarse and a fine label byte, then
 * the pixels). Pixels are stored red plane, green plane, blue plane: already CHW. Training images
 * come first, then the test images.
 */
public final class CifarDatasetSource implements DatasetSource {
  private static final int PIXELS = 3 * 32 * 32;

  private final String name;
  private final int labelBytes;
  private final int labelIndex;
  private final int classes;
  private final List<String> trainFiles;
  private final String testFile;

  private CifarDatasetSource(
      String name,
      int labelBytes,
      int labelIndex,
      int classes,
      List<String> trainFiles,
      String testFile) {
    this.name = name;
    this.labelBytes = labelBytes;
    this.labelIndex = labelIndex;
    this.classes = classes;
    this.trainFiles = trainFiles;
    this.testFile = testFile;
  }

  /** CIFAR-10, named {@code "cifar10"}. */
  public static CifarDatasetSource cifar10() {
    return new CifarDatasetSource(
        "cifar10",
        1,
        0,
        10,
        List.of(
            "data_batch_1.bin",
            "data_batch_2.bin",
            "data_batch_3.bin",
            "data_batch_4.bin",
            "data_batch_5.bin"),
        "test_batch.bin");
  }

  /** CIFAR-100 with its 100 fine labels, named {@code "cifar100"}. */
  public static CifarDatasetSource cifar100() {
    return new CifarDatasetSource("cifar100", 2, 1, 100, List.of("train.bin"), "test.bin");
  }

  /** CIFAR-100 with its 20 coarse labels, named {@code "cifar100-coarse"}. */
  public static CifarDatasetSource cifar100Coarse() {
    return new CifarDatasetSource("cifar100-coarse", 2, 0, 20, List.of("train.bin"), "test.bin");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ImageDataset load(Path folder) throws IOException {
    ByteArrayOutputStream pixels = new ByteArrayOutputStream();
    List<Integer> labels = new ArrayList<>();
    for (String file : trainFiles) {
      readBatch(folder.resolve(file), pixels, labels);
    }
    int trainCount = labels.size();
    readBatch(folder.resolve(testFile), pixels, labels);
    return new InMemoryImageDataset(
        name + " at " + folder,
        3,
        32,
        32,
        pixels.toByteArray(),
        Labels.ofClassIds(labels.stream().mapToInt(Integer::intValue).toArray(), classes),
        trainCount);
  }

  private void readBatch(Path file, ByteArrayOutputStream pixels, List<Integer> labels)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(
          file.toString(), null, name + " batch file not found (the binary version is needed)");
    }
    byte[] bytes = Files.readAllBytes(file);
    int record = labelBytes + PIXELS;
    if (bytes.length == 0 || bytes.length % record != 0) {
      throw new CorruptFileException(
          file,
          bytes.length - bytes.length % record,
          "length "
              + bytes.length
              + " is not a whole number of "
              + record
              + "-byte records: truncated or not a "
              + name
              + " batch");
    }
    for (int offset = 0; offset < bytes.length; offset += record) {
      int label = bytes[offset + labelIndex] & 0xFF;
      if (label >= classes) {
        throw new CorruptFileException(
            file,
            offset + labelIndex,
            "label " + label + " of record " + offset / record + " is outside 0.." + (classes - 1));
      }
      labels.add(label);
      pixels.write(bytes, offset + labelBytes, PIXELS);
    }
  }
}
