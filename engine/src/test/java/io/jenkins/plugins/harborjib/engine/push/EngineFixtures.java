package io.jenkins.plugins.harborjib.engine.push;

import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.RecordedEvents;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Requests and helpers shared by the engine's end-to-end tests. */
final class EngineFixtures {
  private EngineFixtures() {}

  /** A request pushing {@code output} to {@code registry}'s app/{@code repository}, based on base/jre17:17 there. */
  static PushRequest.Builder request(TestRegistry registry, BuildOutput output, String repository, Path cache,
      String... tags) {
    PushRequest.Builder b = PushRequest.builder(output, BaseImage.of("base/jre17:17"),
            new ImageTarget(registry.host(), "app", repository, List.of(tags)))
        .cacheDirectory(cache)
        .tls(registry.isHttps() ? TlsSettings.withCaPem(registry.caPem()) : TlsSettings.DEFAULT.withInsecure(true));
    if (registry.hasCredentials()) {
      b.credentials(Credentials.of(registry.username(), registry.passwordChars()));
    }
    return b;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a folder tree, for tests that change the build output. */
  static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
