package io.jenkins.plugins.harborjib.protocol;

import io.jenkins.plugins.harborjib.engine.PushException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Locale;
import java.util.Optional;

/**
 * Times given as text, in jib-maven-plugin's convention ({@code <creationTime>}): {@code EPOCH},
 * {@code USE_CURRENT_TIMESTAMP}, or an ISO-8601 date-time with a zone ({@code 2025-11-27T20:54:00Z},
 * {@code 2025-11-27T21:54:00+01:00}, {@code 2025-11-27T21:54:00+0100}).
 */
public final class TimeValues {
  /** The image creation time that keeps builds reproducible. */
  public static final String EPOCH = "EPOCH";

  /** The time of the push, which makes every build's digest different. */
  public static final String USE_CURRENT_TIMESTAMP = "USE_CURRENT_TIMESTAMP";

  private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_DATE_TIME)
      .optionalStart()
      .appendOffset("+HHmm", "+0000")
      .optionalEnd()
      .toFormatter(Locale.ROOT);

  private TimeValues() {}

  /**
   * An image creation time: empty for {@code EPOCH} (the engine's reproducible default), the clock's instant for
   * {@code USE_CURRENT_TIMESTAMP}, else the ISO-8601 instant.
   */
  public static Optional<Instant> creationTime(String field, String text, Clock clock) throws PushException {
    String value = text.strip();
    if (value.equalsIgnoreCase(EPOCH)) {
      return Optional.empty();
    }
    return Optional.of(instant(field, value, clock));
  }

  /** A point in time: {@code USE_CURRENT_TIMESTAMP} or an ISO-8601 date-time with a zone. */
  public static Instant instant(String field, String text, Clock clock) throws PushException {
    String value = text.strip();
    if (value.equalsIgnoreCase(USE_CURRENT_TIMESTAMP)) {
      return clock.instant();
    }
    if (value.equalsIgnoreCase(EPOCH)) {
      return Instant.EPOCH;
    }
    try {
      return ISO.parse(value, Instant::from);
    } catch (DateTimeException e) {
      throw PushException.invalid(field, field + " '" + value + "' is not a time: give " + EPOCH + ", "
          + USE_CURRENT_TIMESTAMP + " or an ISO-8601 date-time with a zone, e.g. 2025-11-27T20:54:00Z or "
          + "2025-11-27T21:54:00+01:00");
    }
  }
}
