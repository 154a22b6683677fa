package org.transhash.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transhash.api.BinaryCodes;
import org.transhash.api.io.CorruptFileException;
import org.transhash.api.io.FileFormatException;
import org.transhash.api.io.FramedFile;
import org.transhash.api.io.UnsupportedFormatException;
import org.transhash.api.testing.TestData;

class IndexFilesTest {

  /** The codes of the golden files: 20 random 72-bit codes, ids 100, 103, ... */
  static final BinaryCodes GOLDEN_CODES = TestData.randomCodes(20, 72, 7);

  static long[] goldenIds() {
    long[] ids = new long[20];
    Arrays.setAll(ids, i -> 100 + 3L * i);
    return ids;
  }

  static final Provenance GOLDEN_PROVENANCE =
      new Provenance("vit-dual", "transhash", "fashion-mnist", 7, "golden file, format version 1");

  private static Path golden(String name) throws URISyntaxException {
    return Path.of(IndexFilesTest.class.getResource("/golden/" + name).toURI());
  }

  /** Writes the golden files again; run by hand only when a new format version is added. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    IndexFiles.save(
        "linear",
        GOLDEN_CODES,
        goldenIds(),
        Map.of(),
        GOLDEN_PROVENANCE,
        dir.resolve("index-v1-linear.thi"));
    IndexFiles.save(
        "mih",
        GOLDEN_CODES,
        goldenIds(),
        Map.of("substrings", "3"),
        GOLDEN_PROVENANCE,
        dir.resolve("index-v1-mih.thi"));
  }

  @Test
  void goldenVersion1FilesStillLoad() throws Exception {
    for (String name : new String[] {"linear", "mih"}) {
      IndexFiles.Loaded loaded = IndexFiles.load(golden("index-v1-" + name + ".thi"));
      assertEquals(name, loaded.index().name());
      assertEquals(GOLDEN_PROVENANCE, loaded.provenance());
      assertEquals(GOLDEN_CODES, loaded.codes());
      assertArrayEquals(goldenIds(), loaded.ids());
      assertEquals(100L, loaded.index().search(GOLDEN_CODES.select(new int[] {0}), 1).id(0, 0));
    }
    assertEquals(
        3,
        ((MultiIndexHashingIndex) IndexFiles.load(golden("index-v1-mih.thi")).index())
            .substrings());
  }

  @Test
  void everyTruncationIsACorruptFile(@TempDir Path dir) throws Exception {
    byte[] good = Files.readAllBytes(golden("index-v1-linear.thi"));
    Path file = dir.resolve("cut.thi");
    for (int n = 0; n < good.length; n += 7) {
      Files.write(file, Arrays.copyOf(good, n));
      assertThrows(CorruptFileException.class, () -> IndexFiles.load(file), "cut at " + n);
    }
  }

  @Test
  void flippedBytesAreCaughtByTheChecksum(@TempDir Path dir) throws Exception {
    byte[] good = Files.readAllBytes(golden("index-v1-linear.thi"));
    Path file = dir.resolve("flip.thi");
    for (int i = 0; i < good.length; i += 5) {
      byte[] bad = good.clone();
      bad[i] ^= 0x04;
      Files.write(file, bad);
      assertThrows(FileFormatException.class, () -> IndexFiles.load(file), "flip at " + i);
    }
  }

  @Test
  void newerVersionsAndOtherFormatsAreRefused(@TempDir Path dir) throws Exception {
    Path newer = dir.resolve("v2.thi");
    FramedFile.write(newer, IndexFiles.FORMAT, 2, out -> out.writeUTF("linear"));
    UnsupportedFormatException e =
        assertThrows(UnsupportedFormatException.class, () -> IndexFiles.load(newer));
    assertTrue(e.getMessage().contains("too new"), e.getMessage());
    Path split = dir.resolve("x.split");
    FramedFile.write(split, "transhash-split", 1, out -> out.writeInt(1));
    assertThrows(CorruptFileException.class, () -> IndexFiles.load(split));
    Path unknown = dir.resolve("u.thi");
    IndexFiles.save("lsh-forest", GOLDEN_CODES, goldenIds(), Map.of(), Provenance.UNKNOWN, unknown);
    assertTrue(
        assertThrows(UnsupportedFormatException.class, () -> IndexFiles.load(unknown))
            .getMessage()
            .contains("linear"));
  }

  @Test
  void wrongBitsAndInconsistentPayloadsAreNamed(@TempDir Path dir) throws Exception {
    CorruptFileException bits =
        assertThrows(
            CorruptFileException.class,
            () -> IndexFiles.load(golden("index-v1-linear.thi"), 1, 64));
    assertTrue(bits.getMessage().contains("72-bit"), bits.getMessage());
    Path dup = dir.resolve("dup.thi");
    IndexFiles.save(
        "linear",
        TestData.randomCodes(2, 64, 1),
        new long[] {5, 5},
        Map.of(),
        Provenance.UNKNOWN,
        dup);
    assertTrue(
        assertThrows(CorruptFileException.class, () -> IndexFiles.load(dup))
            .getMessage()
            .contains("already"));
    Path count = dir.resolve("count.thi");
    FramedFile.write(
        count,
        IndexFiles.FORMAT,
        1,
        out -> {
          out.writeUTF("linear");
          out.writeInt(64);
          out.writeInt(3);
          for (int i = 0; i < 3; i++) {
            out.writeUTF("");
          }
          out.writeLong(0);
          out.writeUTF("");
          out.writeInt(0);
          out.write(ByteBuffer.allocate(16 * 2).array()); // two codes where three are promised
        });
    assertTrue(
        assertThrows(CorruptFileException.class, () -> IndexFiles.load(count))
            .getMessage()
            .contains("count 3"));
  }

  @Test
  void saveIsAtomic(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a.thi");
    LinearScanIndex index = LinearScanIndex.builder(64).build();
    index.add(TestData.randomCodes(10, 64, 1), new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    IndexFiles.save(index, Provenance.UNKNOWN, file);
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left");
    }
    assertEquals(10, IndexFiles.load(file).index().size());
  }
}
