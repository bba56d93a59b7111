package io.jenkins.plugins.harborjib.engine.harbor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of Harbor's API that this client reads and writes (names as in harbor-v2.15.2's swagger). They
 * ignore unknown fields, so newer Harbor versions that add fields still work; absent fields are null.
 */
final class HarborJson {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private HarborJson() {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Errors(List<Error> errors) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Error(String code, String message) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record GeneralInfo(
      @JsonProperty("harbor_version") String harborVersion,
      @JsonProperty("external_url") String externalUrl,
      @JsonProperty("registry_url") String registryUrl,
      @JsonProperty("read_only") Boolean readOnly,
      @JsonProperty("auth_mode") String authMode,
      @JsonProperty("project_creation_restriction") String projectCreationRestriction) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Project(
      @JsonProperty("project_id") Long projectId,
      @JsonProperty("name") String name,
      @JsonProperty("owner_name") String ownerName,
      @JsonProperty("repo_count") Integer repoCount,
      @JsonProperty("metadata") Map<String, Object> metadata) {}

  /** {@code ProjectReq}; metadata values are strings ("true"/"false"). */
  record ProjectReq(
      @JsonProperty("project_name") String projectName,
      @JsonProperty("metadata") Map<String, String> metadata) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ProjectSummary(
      @JsonProperty("repo_count") Integer repoCount,
      @JsonProperty("quota") Quota quota) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Quota(
      @JsonProperty("hard") Map<String, Long> hard,
      @JsonProperty("used") Map<String, Long> used) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Permission(
      @JsonProperty("resource") String resource,
      @JsonProperty("action") String action) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Artifact(
      @JsonProperty("id") Long id,
      @JsonProperty("type") String type,
      @JsonProperty("media_type") String mediaType,
      @JsonProperty("manifest_media_type") String manifestMediaType,
      @JsonProperty("project_id") Long projectId,
      @JsonProperty("repository_name") String repositoryName,
      @JsonProperty("digest") String digest,
      @JsonProperty("size") Long size,
      @JsonProperty("push_time") String pushTime,
      @JsonProperty("tags") List<Tag> tags,
      @JsonProperty("labels") List<Label> labels,
      @JsonProperty("scan_overview") Map<String, NativeReportSummary> scanOverview,
      @JsonProperty("sbom_overview") SbomOverview sbomOverview) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Tag(
      @JsonProperty("id") Long id,
      @JsonProperty("name") String name,
      @JsonProperty("push_time") String pushTime,
      @JsonProperty("immutable") Boolean immutable) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Label(
      @JsonProperty("id") Long id,
      @JsonProperty("name") String name,
      @JsonProperty("description") String description,
      @JsonProperty("scope") String scope,
      @JsonProperty("project_id") Long projectId) {}

  /** The body of "add label to artifact": only the id is needed. */
  record LabelRef(@JsonProperty("id") long id) {}

  record NewTag(@JsonProperty("name") String name) {}

  record ScanType(@JsonProperty("scan_type") String scanType) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record NativeReportSummary(
      @JsonProperty("report_id") String reportId,
      @JsonProperty("scan_status") String scanStatus,
      @JsonProperty("severity") String severity,
      @JsonProperty("summary") VulnerabilitySummary summary,
      @JsonProperty("start_time") String startTime,
      @JsonProperty("end_time") String endTime,
      @JsonProperty("complete_percent") Integer completePercent,
      @JsonProperty("scanner") Scanner scanner) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record VulnerabilitySummary(
      @JsonProperty("total") Integer total,
      @JsonProperty("fixable") Integer fixable,
      @JsonProperty("summary") Map<String, Integer> summary) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Scanner(
      @JsonProperty("name") String name,
      @JsonProperty("vendor") String vendor,
      @JsonProperty("version") String version) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record SbomOverview(
      @JsonProperty("scan_status") String scanStatus,
      @JsonProperty("sbom_digest") String sbomDigest,
      @JsonProperty("report_id") String reportId) {}

  /** One report of the vulnerabilities addition, keyed by its MIME type in the answer. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Report(
      @JsonProperty("generated_at") String generatedAt,
      @JsonProperty("scanner") Scanner scanner,
      @JsonProperty("severity") String severity,
      @JsonProperty("vulnerabilities") List<VulnerabilityItem> vulnerabilities) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record VulnerabilityItem(
      @JsonProperty("id") String id,
      @JsonProperty("package") String packageName,
      @JsonProperty("version") String version,
      @JsonProperty("fix_version") String fixVersion,
      @JsonProperty("severity") String severity,
      @JsonProperty("description") String description,
      @JsonProperty("links") List<String> links) {}
}
