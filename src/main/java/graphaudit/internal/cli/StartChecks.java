package graphaudit.internal.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code serve} checks before it creates or opens anything in the data directory, so that a start
 * that cannot succeed says why in one line and leaves no directory or database behind. The real start
 * still reports what changes in between (another process taking the port a moment later).
 */
final class StartChecks {

  private StartChecks() {
  }

  /** Fails in one line when another process listens on {@code host:port}; a null or 0 port is not checked. */
  static void portFree(String host, Integer port) {
    if (port == null || port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(host, port));
    } catch (BindException e) {
      throw StartFailures.portInUse(host + ":" + port, e);
    } catch (IOException e) {
      // not a busy port (an unknown host, say): the start itself reports it
    }
  }

  /** Creates {@code directory} if need be, and fails in one line when this process cannot write there. */
  static void writableDirectory(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (FileAlreadyExistsException e) {
      throw new CommandFailure("The data directory " + directory.toAbsolutePath() + " is a file: give a directory "
          + "with --data.", e);
    } catch (IOException e) {
      throw new CommandFailure("Cannot create the data directory " + directory.toAbsolutePath() + " (" + e + "): "
          + "give another --data.", e);
    }
    if (!Files.isWritable(directory)) {
      throw new CommandFailure("The data directory " + directory.toAbsolutePath() + " is not writable by user "
          + System.getProperty("user.name") + ": make it writable or give another --data (the container image "
          + "runs as uid 10001: mount a named volume, or chown 10001 the host directory).", null);
    }
  }
}
