package io.jenkins.plugins.harborjib.engine;

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

  /** Checks every value in the request, without any network call or file change. */
  public static void validate(PushRequest request) throws PushException {
    throw new UnsupportedOperationException("not yet");
  }

  /** Validates, checks the registries, builds and pushes, and reads the result back. */
  public static PushResult push(PushRequest request, PushListener listener) throws PushException {
    throw new UnsupportedOperationException("not yet");
  }
}
