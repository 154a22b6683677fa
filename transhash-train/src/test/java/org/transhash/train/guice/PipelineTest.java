package org.transhash.train.guice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.multibindings.OptionalBinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transhash.api.ImageDataset;
import org.transhash.api.UnknownNameException;
import org.transhash.backbone.HashingModels;
import org.transhash.backbone.OneDnn;
import org.transhash.backbone.vit.VitConfig;
import org.transhash.backbone.vit.VitHashingModel;
import org.transhash.data.split.Split;
import org.transhash.data.split.SplitProtocol;
import org.transhash.data.testing.TestDatasets;
import org.transhash.data.transform.Normalize;
import org.transhash.index.HammingIndexes;
import org.transhash.index.IndexFiles;
import org.transhash.index.MultiIndexHashingIndex;
import org.transhash.loss.DchLoss;
import org.transhash.train.TrainConfig;

/** The pipeline from the injector, with the model, loss and index a user bound. */
class PipelineTest {
  static final VitConfig TINY = new VitConfig(28, 7, 1, 32, 2, 2, 2, 0, 0, 0, VitConfig.Stem.PATCH);

  @Test
  void runsEndToEndWithTheBoundLossAndIndex(@TempDir Path out) throws Exception {
    AtomicInteger losses = new AtomicInteger();
    AtomicInteger indexes = new AtomicInteger();
    Pipeline pipeline =
        Guice.createInjector(
                new TransHashModule(),
                new AbstractModule() {
                  @Override
                  protected void configure() {
                    OptionalBinder.newOptionalBinder(binder(), ModelFactory.class)
                        .setBinding()
                        .toInstance(
                            spec -> VitHashingModel.dualStream(TINY, spec.bits(), spec.groups()));
                    OptionalBinder.newOptionalBinder(binder(), LossFactory.class)
                        .setBinding()
                        .toInstance(
                            classes -> {
                              losses.incrementAndGet();
                              return new DchLoss();
                            });
                    OptionalBinder.newOptionalBinder(binder(), IndexFactory.class)
                        .setBinding()
                        .toInstance(
                            (bits, threads) -> {
                              indexes.incrementAndGet();
                              return HammingIndexes.create("mih", bits, threads, Map.of());
                            });
                  }
                })
            .getInstance(Pipeline.class);
    ImageDataset data = TestDatasets.fashionMnistMini();
    Split split = SplitProtocol.FMNIST_FULL.draw(data, 0);
    Pipeline.Result r =
        pipeline
            .on(data, split, Normalize.FASHION_MNIST)
            .spec(new HashingModels.Spec(28, 1, 16, 2, "small-28", false))
            .train(
                new TrainConfig(
                    1, 64, TrainConfig.OptimizerKind.ADAMW, 1e-3, 1, 1e-4, 0.9, 5, 1, 0, true))
            .validation(0.1)
            .threads(1)
            .output(out)
            .run();
    assertEquals(1, losses.get());
    assertEquals(1, indexes.get());
    assertEquals(1, r.training().validationMaps().size());
    assertTrue(r.metrics().map() > 0 && r.metrics().map() <= 1, "mAP " + r.metrics().map());
    assertTrue(r.queriesPerSecond() > 0);
    for (String f :
        new String[] {
          "model/model.json",
          "model/weights.safetensors",
          "checkpoints/epoch-001/state.json",
          "train.jsonl",
          "query_codes.npy",
          "db_codes.npy",
          "query_labels.npy",
          "db_labels.npy",
          "index.thi",
          "report/report.json",
          "report/summary.csv"
        }) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    assertTrue(IndexFiles.load(out.resolve("index.thi")).index() instanceof MultiIndexHashingIndex);
    String description = Files.readString(out.resolve("model/model.json"));
    assertTrue(description.contains("\"loss\":\"dch\""), description);
    assertTrue(description.contains("\"convolutions\":\"" + OneDnn.backend() + "\""), description);
  }

  @Test
  void unknownNamesFailBeforeTraining(@TempDir Path out) {
    Pipeline pipeline = Guice.createInjector(new TransHashModule()).getInstance(Pipeline.class);
    ImageDataset data = TestDatasets.fashionMnistMini();
    Split split = SplitProtocol.FMNIST_FULL.draw(data, 0);
    var spec = new HashingModels.Spec(28, 1, 16, 2, "small-28", false);
    UnknownNameException index =
        assertThrows(
            UnknownNameException.class,
            () ->
                pipeline
                    .on(data, split, Normalize.FASHION_MNIST)
                    .spec(spec)
                    .index("lsh-forest")
                    .output(out)
                    .run());
    assertTrue(index.getMessage().contains("mih"), index.getMessage());
    assertThrows(
        UnknownNameException.class,
        () ->
            pipeline
                .on(data, split, Normalize.FASHION_MNIST)
                .spec(spec)
                .loss("triplet")
                .output(out)
                .run());
    assertTrue(!Files.exists(out.resolve("train.jsonl")), "nothing trained");
  }
}
