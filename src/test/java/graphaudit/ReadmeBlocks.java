package graphaudit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The fenced code blocks of README.md, by the section they stand in, so tests can run them as written. */
final class ReadmeBlocks {

  private ReadmeBlocks() {
  }

  /** The {@code language} blocks of the section under the {@code ## heading}, in order. */
  static List<String> under(String heading, String language) {
    String readme;
    try {
      readme = Files.readString(Path.of("README.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int start = readme.indexOf("\n## " + heading + "\n");
    if (start < 0) {
      throw new IllegalStateException("README.md has no section '## " + heading + "'");
    }
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    List<String> blocks = new ArrayList<>();
    String fence = "```" + language + "\n";
    for (int open = section.indexOf(fence); open >= 0; open = section.indexOf(fence, open + 1)) {
      int close = section.indexOf("\n```", open + fence.length());
      blocks.add(section.substring(open + fence.length(), close + 1));
      open = close;
    }
    return blocks;
  }
}
