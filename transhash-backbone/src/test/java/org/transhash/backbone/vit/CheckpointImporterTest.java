package org.transhash.backbone.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transhash.api.InvalidInputException;

/** Checkpoints and expected outputs made by checkpoints/make_fixtures.py (numpy, torch). */
class CheckpointImporterTest {
  /** The fixture's ViT: 8 x 8 RGB, patch 4, D 8, 2 blocks, 2 heads, MLP 16. */
  static final VitConfig TINY = new VitConfig(8, 4, 3, 8, 2, 2, 2, 0, 0, 0, VitConfig.Stem.PATCH);

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(CheckpointImporterTest.class.getResource("/checkpoints/" + name).toURI());
  }

  private NDList expected() throws Exception {
    try (InputStream in = Files.newInputStream(fixture("tiny_expected.npz"))) {
      return NDList.decode(manager, in);
    }
  }

  private static NDArray named(NDList list, String name) {
    return list.stream().filter(a -> name.equals(a.getName())).findFirst().orElseThrow();
  }

  private NDArray logits(VitHashNet net, NDArray images) {
    return net.forward(new ParameterStore(manager, false), new NDList(images), false)
        .singletonOrThrow();
  }

  private void assertClose(NDArray expected, NDArray actual) {
    float[] e = expected.toFloatArray();
    float[] a = actual.toFloatArray();
    assertEquals(e.length, a.length);
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], 1e-4f, "element " + i);
    }
  }

  @Test
  void timmCheckpointGivesTheOutputsComputedByNumpy() throws Exception {
    VitHashNet net = new VitHashNet(TINY, 8, 0, false, false);
    net.initialize(manager, DataType.FLOAT32, new Shape(3, 3, 8, 8));
    VitWeights.LoadReport report =
        CheckpointImporter.load(net, fixture("tiny_timm.safetensors"), manager, false);
    assertTrue(report.complete(), report.toString());
    NDList expected = expected();
    assertClose(named(expected, "logits"), logits(net, named(expected, "images")));
  }

  @Test
  void googleCheckpointGivesTheSameOutputs() throws Exception {
    VitHashNet net = new VitHashNet(TINY, 8, 0, false, false);
    net.initialize(manager, DataType.FLOAT32, new Shape(3, 3, 8, 8));
    VitWeights.LoadReport report =
        CheckpointImporter.load(net, fixture("tiny_google.npz"), manager, false);
    assertTrue(report.complete(), report.toString());
    NDList expected = expected();
    assertClose(named(expected, "logits"), logits(net, named(expected, "images")));
  }

  @Test
  void dualStreamCopiesTheLastBlockIntoBothStreamsAndReportsTheHashLayers() throws Exception {
    VitHashNet net = new VitHashNet(TINY, 16, 2, true, false);
    net.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 8, 8));
    InvalidInputException strict =
        assertThrows(
            InvalidInputException.class,
            () -> CheckpointImporter.load(net, fixture("tiny_timm.safetensors"), manager, false));
    assertTrue(strict.getMessage().contains("hash_global.weight"), strict.getMessage());
    assertTrue(strict.getMessage().contains("head.weight"), "head is unknown to the dual stream");
    VitWeights.LoadReport report =
        CheckpointImporter.load(net, fixture("tiny_timm.safetensors"), manager, true);
    assertEquals(
        List.of(
            "hash_global.weight",
            "hash_global.bias",
            "hash_local_0.weight",
            "hash_local_0.bias",
            "hash_local_1.weight",
            "hash_local_1.bias"),
        report.missing());
    assertEquals(List.of("head.bias", "head.weight"), report.unknown());
    NDArray qkv;
    try (InputStream in = Files.newInputStream(fixture("tiny_timm.safetensors"))) {
      qkv = named(NDList.decode(manager, in), "blocks.1.attn.qkv.weight");
    }
    NDArray k = qkv.get(new NDIndex("8:16"));
    var params = net.timmParameters().get("blocks.1.attn.k.weight");
    assertEquals(2, params.size(), "global and local block");
    for (var p : params) {
      assertArrayEquals(k.toFloatArray(), p.getArray().toFloatArray());
    }
  }

  @Test
  void positionEmbeddingsAreResizedAsTorchDoes() throws Exception {
    NDList fixture;
    try (InputStream in = Files.newInputStream(fixture("pos_resize.npz"))) {
      fixture = NDList.decode(manager, in);
    }
    NDArray resized = PositionEmbeddings.resize(named(fixture, "source"), new Shape(1, 10, 8));
    assertClose(named(fixture, "resized"), resized);
    NDArray same = PositionEmbeddings.resize(named(fixture, "resized"), new Shape(1, 10, 8));
    assertClose(named(fixture, "resized"), same);
    // a model at 12 x 12 (3 x 3 patches) loads the 8 x 8 checkpoint with its grid resized
    VitHashNet larger = new VitHashNet(TINY.forImages(12, 3), 8, 0, false, false);
    larger.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 12, 12));
    assertTrue(
        CheckpointImporter.load(larger, fixture("tiny_timm.safetensors"), manager, false)
            .complete());
  }

  @Test
  void corruptCheckpointsAreNamed(@TempDir Path dir) throws Exception {
    Path bad = Files.write(dir.resolve("bad.safetensors"), new byte[] {1, 2, 3});
    VitHashNet net = new VitHashNet(TINY, 8, 0, false, false);
    net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 8, 8));
    Exception e =
        assertThrows(Exception.class, () -> CheckpointImporter.load(net, bad, manager, true));
    assertTrue(e.getMessage().contains("bad.safetensors"), e.getMessage());
  }
}
