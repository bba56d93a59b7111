package io.jenkins.plugins.harborjib.engine.harbor;

/** {@code GET /systeminfo}: Harbor's version and external URL (given only to a signed-in identity). */
final class SystemInfoReader implements HarborCall<HarborSystemInfo> {

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return "/systeminfo";
  }

  @Override
  public HarborSystemInfo handleResponse(HarborResponse response, HarborFailures failures) throws HarborException {
    return HarborSystemInfo.from(response.json(HarborJson.GeneralInfo.class, failures));
  }

  @Override
  public String actionDescription() {
    return "tell its version";
  }
}
