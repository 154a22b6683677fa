package org.transhash.data.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.transhash.api.DatasetSource;
import org.transhash.api.ImageDataset;
import org.transhash.api.Labels;
import org.transhash.api.io.CorruptFileException;

/**
 * A folder with one sub-folder per class, as torchvision's ImageFolder: class ids follow the sorted
 * sub-folder names; images (png, jpg, jpeg, bmp, gif) in sorted order within each class. Files with
 * other extensions are ignored; a class folder without images is an error.
 */
public final class ImageFolderDatasetSource implements DatasetSource {
  private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

  @Override
  public String name() {
    return "image-folder";
  }

  @Override
  public ImageDataset load(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new NoSuchFileException(root.toString(), null, "image folder not found");
    }
    List<Path> classDirs;
    try (Stream<Path> s = Files.list(root)) {
      classDirs = s.filter(Files::isDirectory).sorted().toList();
    }
    if (classDirs.isEmpty()) {
      throw new CorruptFileException(root, -1, "no class sub-folders");
    }
    List<Path> files = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    for (int c = 0; c < classDirs.size(); c++) {
      List<Path> images;
      try (Stream<Path> s = Files.list(classDirs.get(c))) {
        images =
            s.filter(Files::isRegularFile)
                .filter(ImageFolderDatasetSource::isImage)
                .sorted()
                .toList();
      }
      if (images.isEmpty()) {
        throw new CorruptFileException(classDirs.get(c), -1, "class folder holds no image");
      }
      for (Path image : images) {
        files.add(image);
        ids.add(c);
      }
    }
    return new FileImageDataset(
        "image folder " + root,
        files,
        Labels.ofClassIds(ids.stream().mapToInt(Integer::intValue).toArray(), classDirs.size()));
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
