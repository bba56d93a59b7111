package io.jenkins.plugins.harborjib.engine;

import io.jenkins.plugins.harborjib.engine.push.PushRun;
import io.jenkins.plugins.harborjib.engine.push.RequestValidator;
import io.jenkins.plugins.harborjib.engine.tls.TrustMaterial;

/**
 * The engine's entry point: builds an image from a Maven build's output with jib-core and pushes it.
 *
 * <pre>{@code
 * PushResult result = HarborJib.push(
 *     PushRequest.builder(new BuildOutput.AutoDetect(Path.of("app")), BaseImage.of("harbor.example.com/base/jre17:17"),
 *             new ImageTarget("harbor.example.com", "app", "demo", List.of("42", "latest")))
 *         .credentials(Credentials.of("robot$app+ci", token))
 *         .build(),
 *     event -> System.out.println(event));
 * }</pre>
 */
public final class HarborJib {
  private HarborJib() {}

  /**
   * Checks every value in the request that can be checked without the network or the build output: names,
   * tags, credentials, container settings, the CA certificate.
   */
  public static void validate(PushRequest request) throws PushException {
    RequestValidator.validate(request);
    if (request.tls().caCertificatesPem().isPresent()) {
      TrustMaterial.parseCertificates(request.tls().caCertificatesPem().get(), request.tls().caSource());
    }
  }

  /**
   * Validates the request, reads the build output, checks the registries (reachable, trusted, credentials
   * accepted, base image present), builds and pushes the image with Jib, and reads the pushed manifest back.
   *
   * <p>Jib takes its TLS trust from the JVM: a request with its own CA certificate makes this process trust that
   * CA for Jib from then on, and a later request with a different CA in the same process is refused. Run one push
   * per process where trust differs between pushes (the CLI does).
   *
   * @throws PushException with a message that says what is wrong and what to do; nothing is tagged unless the
   *     whole image is in the registry
   */
  public static PushResult push(PushRequest request, PushListener listener) throws PushException {
    return new PushRun(request, listener).run();
  }
}
