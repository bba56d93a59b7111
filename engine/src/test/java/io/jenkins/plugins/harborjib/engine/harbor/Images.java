package io.jenkins.plugins.harborjib.engine.harbor;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small images pushed to the Harbor stand-in with jib-core, through its token flow. */
final class Images {
  private Images() {}

  /**
   * Pushes a one-file image to {@code project/repository} under {@code tags}, as {@code user}; returns the digest.
   * The stand-in's certificate is not in the JVM's trust store, so Jib is allowed to skip verification.
   */
  static String push(HarborStandIn harbor, Path tmp, String user, String secret, String project, String repository,
      String content, String... tags) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "image");
    Path file = Files.writeString(dir.resolve("hello.txt"), content);
    Containerizer to = Containerizer.to(RegistryImage.named(
            harbor.registryHost() + "/" + project + "/" + repository + ":" + tags[0])
            .addCredential(user, secret))
        .setAllowInsecureRegistries(true)
        .setBaseImageLayersCache(dir.resolve("base-cache"))
        .setApplicationLayersCache(dir.resolve("app-cache"));
    for (int i = 1; i < tags.length; i++) {
      to.withAdditionalTag(tags[i]);
    }
    JibContainer pushed = Jib.fromScratch().addLayer(List.of(file), AbsoluteUnixPath.get("/app")).containerize(to);
    return pushed.getDigest().toString();
  }

  /** Pushes as the stand-in's administrator. */
  static String pushAsAdmin(HarborStandIn harbor, Path tmp, String project, String repository, String content,
      String... tags) throws Exception {
    return push(harbor, tmp, HarborStandIn.ADMIN, harbor.adminPassword(), project, repository, content, tags);
  }
}
