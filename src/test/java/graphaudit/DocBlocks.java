package graphaudit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fenced code blocks of README.md and the pages under docs/, by the section they stand in, so tests
 * can run them as written.
 */
final class DocBlocks {

  static final Path README = Path.of("README.md");
  static final Path DOCS = Path.of("docs");

  private DocBlocks() {
  }

  /** A {@code language} block of {@code file}, under the {@code ## heading} of the section it stands in. */
  record Block(Path file, String heading, String language, String text) {
  }

  /** The {@code language} blocks of the section under the {@code ## heading} of {@code file}, in order. */
  static List<String> under(Path file, String heading, String language) {
    if (!read(file).contains("\n## " + heading + "\n")) {
      throw new IllegalStateException(file + " has no section '## " + heading + "'");
    }
    return all(file).stream().filter(b -> b.heading().equals(heading) && b.language().equals(language))
        .map(Block::text).toList();
  }

  /** {@code docs/NAME}. */
  static Path page(String name) {
    return DOCS.resolve(name);
  }

  /** README.md and every page under docs/, in name order. */
  static List<Path> files() {
    try (Stream<Path> pages = Files.list(DOCS)) {
      List<Path> files = new ArrayList<>(List.of(README));
      pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every fenced block of {@code file}, with the {@code ##} heading above it ("" before the first). */
  static List<Block> all(Path file) {
    List<Block> blocks = new ArrayList<>();
    String heading = "";
    String language = null;
    StringBuilder text = null;
    for (String line : read(file).split("\n", -1)) {
      if (text == null) {
        if (line.startsWith("## ")) {
          heading = line.substring(3);
        } else if (line.startsWith("```")) {
          language = line.substring(3).trim();
          text = new StringBuilder();
        }
      } else if (line.equals("```")) {
        blocks.add(new Block(file, heading, language, text.toString()));
        text = null;
      } else {
        text.append(line).append('\n');
      }
    }
    return blocks;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
