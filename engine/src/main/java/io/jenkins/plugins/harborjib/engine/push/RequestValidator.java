package io.jenkins.plugins.harborjib.engine.push;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.ReferenceRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks every value of a {@link PushRequest} that can be checked without the network or the build output,
 * and reports the first problem as an {@code INVALID_INPUT} {@link PushException} naming the field, the value
 * and the fix.
 */
public final class RequestValidator {
  private static final int MAX_TAGS = 100;

  private RequestValidator() {}

  /** Validates the request; see the class comment. */
  public static void validate(PushRequest request) throws PushException {
    checkTarget(request.target());
    ImageReference base = resolveBaseImage(request);
    if (request.credentials().isPresent()) {
      checkCredentials("credentials", request.credentials().get());
    }
    if (request.baseImage().credentials().isPresent()) {
      checkCredentials("baseImage.credentials", request.baseImage().credentials().get());
    }
    checkContainer(request.container());
    if (request.tls().insecure() && !base.getRegistry().equals(request.target().registry())) {
      throw PushException.invalid("insecure", "insecure is on for " + request.target().registry()
          + ", but the base image comes from " + base.getRegistry() + ", which would lose TLS verification too:"
          + " copy the base image into " + request.target().registry() + " or turn insecure off");
    }
    if (request.httpTimeout().isNegative() || request.httpTimeout().isZero()) {
      throw PushException.invalid("httpTimeout", "httpTimeout " + request.httpTimeout()
          + " must be positive, e.g. 20 seconds");
    }
    Optional<Path> cache = request.cacheDirectory();
    if (cache.isPresent() && Files.exists(cache.get())
        && (!Files.isDirectory(cache.get()) || !Files.isWritable(cache.get()))) {
      throw PushException.invalid("cacheDirectory", "cacheDirectory '" + cache.get()
          + "' is not a writable folder: point it at a folder this user may write, or leave it empty for"
          + " ~/.cache/harbor-jib");
    }
  }

  /**
   * The base image as Jib sees it. A reference without a registry host (such as {@code base/jre17:17}) is taken
   * from the target registry, since a Harbor's base images usually live beside the applications.
   */
  public static ImageReference resolveBaseImage(PushRequest request) throws PushException {
    String reference = request.baseImage().reference().trim();
    if (reference.isEmpty()) {
      throw PushException.invalid("baseImage", "baseImage is empty: name the image to build on, e.g."
          + " " + request.target().registry() + "/base/jre17:17");
    }
    if (reference.contains("://")) {
      throw PushException.invalid("baseImage", "baseImage '" + reference + "' must not have a scheme: write '"
          + reference.substring(reference.indexOf("://") + 3) + "'");
    }
    String first = reference.contains("/") ? reference.substring(0, reference.indexOf('/')) : "";
    String full = ReferenceRules.namesRegistry(first) ? reference : request.target().registry() + "/" + reference;
    try {
      ImageReference parsed = ImageReference.parse(full);
      if (parsed.isScratch()) {
        throw PushException.invalid("baseImage", "baseImage 'scratch' has no Java runtime: name an image"
            + " that has one, e.g. " + request.target().registry() + "/base/jre17:17");
      }
      return parsed;
    } catch (InvalidImageReferenceException e) {
      throw PushException.invalid("baseImage", "baseImage '" + reference + "' is not a valid image reference:"
          + " write registry/project/repository:tag or ...@sha256:<digest>, e.g. harbor.example.com/base/jre17:17");
    }
  }

  static void checkTarget(ImageTarget target) throws PushException {
    fail("registry", ReferenceRules.checkRegistry("registry", target.registry()));
    fail("project", ReferenceRules.checkProject("project", target.project()));
    fail("repository", ReferenceRules.checkRepository("repository", target.repository(), target.project()));
    List<String> tags = target.tags();
    if (tags.isEmpty()) {
      throw PushException.invalid("tags", "tags is empty: give at least one tag, e.g. the build number");
    }
    if (tags.size() > MAX_TAGS) {
      throw PushException.invalid("tags", "tags has " + tags.size() + " entries: at most " + MAX_TAGS);
    }
    Set<String> seen = new HashSet<>();
    for (String tag : tags) {
      fail("tags", ReferenceRules.checkTag("tag", tag));
      if (!seen.add(tag)) {
        throw PushException.invalid("tags", "tag '" + tag + "' is given twice: list each tag once");
      }
    }
  }

  static void checkCredentials(String field, Credentials credentials) throws PushException {
    if (credentials.username().isBlank()) {
      throw PushException.invalid(field, field + ": the user name is empty: give the Harbor user or robot"
          + " account, e.g. robot$app+ci");
    }
    if (credentials.username().indexOf(':') >= 0) {
      throw PushException.invalid(field, field + ": the user name '" + credentials.username()
          + "' contains ':', which HTTP Basic authentication cannot carry: check the credentials");
    }
    if (credentials.hasEmptyPassword()) {
      throw PushException.invalid(field, field + ": the password of user '" + credentials.username()
          + "' is empty: store the password or robot secret with the credentials");
    }
  }

  static void checkContainer(ContainerSettings c) throws PushException {
    if (c.mainClass().isPresent()) {
      fail("mainClass", ReferenceRules.checkMainClass("mainClass", c.mainClass().get()));
    }
    for (String flag : c.jvmFlags()) {
      if (flag == null || flag.isBlank()) {
        throw PushException.invalid("jvmFlags", "jvmFlags has an empty entry: remove it");
      }
    }
    for (Map.Entry<String, String> e : c.environment().entrySet()) {
      fail("environment", ReferenceRules.checkEnvironmentName("environment variable", e.getKey()));
      if (e.getValue() == null) {
        throw PushException.invalid("environment", "environment variable '" + e.getKey() + "' has no value");
      }
    }
    for (String port : c.ports()) {
      fail("ports", ReferenceRules.checkPort("port", port));
    }
    for (Map.Entry<String, String> e : c.labels().entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank()) {
        throw PushException.invalid("labels", "a label has an empty name: give each label a name");
      }
      if (e.getValue() == null) {
        throw PushException.invalid("labels", "label '" + e.getKey() + "' has no value");
      }
    }
    if (c.user().isPresent()) {
      fail("user", ReferenceRules.checkUser("user", c.user().get()));
    }
    if (c.workingDirectory().isPresent()) {
      checkAbsolute("workingDirectory", c.workingDirectory().get());
    }
    for (String volume : c.volumes()) {
      checkAbsolute("volumes", volume);
    }
    checkAbsolute("appRoot", c.appRoot());
    if (c.platforms().isEmpty()) {
      throw PushException.invalid("platforms", "platforms is empty: give at least one, e.g. linux/amd64");
    }
    for (String platform : c.platforms()) {
      fail("platforms", ReferenceRules.checkPlatform("platform", platform));
    }
  }

  private static void checkAbsolute(String field, String path) throws PushException {
    if (path == null || !path.startsWith("/") || path.contains("\\") || path.contains("\0")
        || List.of(path.split("/")).contains("..")) {
      throw PushException.invalid(field, field + " '" + path + "' must be an absolute path in the image without"
          + " '..', e.g. /app");
    }
  }

  private static void fail(String field, Optional<String> problem) throws PushException {
    if (problem.isPresent()) {
      throw PushException.invalid(field, problem.get());
    }
  }
}
