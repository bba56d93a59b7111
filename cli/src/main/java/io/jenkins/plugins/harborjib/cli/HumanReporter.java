package io.jenkins.plugins.harborjib.cli;

import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import io.jenkins.plugins.harborjib.protocol.Verbosity;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.LayerReport;
import io.jenkins.plugins.harborjib.engine.LayerStatus;
import io.jenkins.plugins.harborjib.engine.Phase;
import io.jenkins.plugins.harborjib.engine.PhaseTiming;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushResult;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Progress for people, one line per event on standard error ({@code [push] layer 3/7 classes sha256:ab12cd34ef56
 * 12.3 kB uploaded}), and on standard output only the outcome: a summary, or with {@code --quiet} just the pushed
 * reference, so {@code ref=$(harbor-jib push --quiet ...)} works.
 */
final class HumanReporter implements Reporter {
  private final PrintStream out;
  private final PrintStream err;
  private final Verbosity verbosity;
  private final Redactor redactor;
  private String phase = "harbor-jib";
  private boolean finished;

  HumanReporter(PrintStream out, PrintStream err, Verbosity verbosity, Redactor redactor) {
    this.out = out;
    this.err = err;
    this.verbosity = verbosity;
    this.redactor = redactor;
  }

  @Override
  public synchronized void onEvent(PushEvent event) {
    if (finished || !verbosity.shows(event)) {
      return;
    }
    String line = line(redactor.redact(event));
    if (line != null) {
      err.println(line);
      err.flush();
    }
  }

  private String line(PushEvent event) {
    if (event instanceof PushEvent.PhaseStarted e) {
      phase = label(e.phase());
      return "[" + phase + "] " + e.phase().description();
    } else if (event instanceof PushEvent.PhaseFinished e) {
      return verbosity == Verbosity.VERBOSE ? "[" + label(e.phase()) + "] done in " + seconds(e.duration()) : null;
    } else if (event instanceof PushEvent.LayerDone e) {
      LayerReport l = e.layer();
      return "[" + phase + "] layer " + e.index() + "/" + count(e.count()) + " " + l.name() + " "
          + shortDigest(l.digest()) + " " + bytes(l.size()) + " " + status(l.status());
    } else if (event instanceof PushEvent.UploadProgress e) {
      return verbosity == Verbosity.VERBOSE
          ? "[" + phase + "] uploading " + shortDigest(e.digest()) + " " + bytes(e.bytesSent()) + " of "
              + bytes(e.size())
          : null;
    } else if (event instanceof PushEvent.Retry e) {
      return "[" + phase + "] retrying " + e.action() + " (attempt " + e.attempt() + "): " + e.reason();
    } else if (event instanceof PushEvent.Warning e) {
      return "WARNING: " + e.message();
    } else if (event instanceof PushEvent.Info e) {
      return "[" + phase + "] " + e.message();
    } else if (event instanceof PushEvent.Debug e) {
      return "[" + phase + "] debug: " + e.message();
    }
    return null;
  }

  @Override
  public synchronized void result(PushResult r) {
    if (finished) {
      return;
    }
    finished = true;
    if (verbosity == Verbosity.QUIET) {
      out.println(r.reference());
      out.flush();
      return;
    }
    List<LayerReport> uploaded = r.layers().stream().filter(l -> l.status() == LayerStatus.UPLOADED).toList();
    long present = r.layers().size() - uploaded.size();
    long total = r.timings().stream().mapToLong(t -> t.duration().toMillis()).sum();
    out.println("Pushed " + r.reference());
    List<String> tagged = r.taggedReferences();
    for (int i = 0; i < tagged.size(); i++) {
      out.println((i == 0 ? "  tags      " : "            ") + tagged.get(i));
    }
    out.println("  image id  " + r.imageId());
    out.println("  layers    " + r.layers().size() + ": " + uploaded.size() + " uploaded ("
        + bytes(r.bytesUploaded()) + "), " + present + " already in the registry (" + bytes(r.bytesAlreadyPresent())
        + ")");
    out.println("  time      " + seconds(Duration.ofMillis(total)) + (r.timings().isEmpty() ? "" : ": "
        + r.timings().stream().map(HumanReporter::timing).collect(Collectors.joining(", "))));
    r.harbor().ifPresent(h -> {
      out.println("  harbor    " + h.artifactUrl() + h.version().map(v -> " (Harbor " + v + ")").orElse("")
          + (h.projectCreated() ? ", project created" : "")
          + (h.labels().isEmpty() ? "" : ", labels " + String.join(", ", h.labels())));
      h.scan().ifPresent(scan -> out.println("  scan      " + scan.outcome() + ": " + scan.summary()));
      h.notes().forEach(note -> out.println("  note      " + note));
    });
    out.flush();
  }

  @Override
  public synchronized void failure(ProtocolLine.Failure failure, Optional<Throwable> cause) {
    if (finished) {
      return;
    }
    finished = true;
    ProtocolLine.Failure f = redactor.redact(failure);
    Optional<String> flag = f.field().flatMap(FlagNames::flagFor);
    String where = flag.filter(name -> !f.message().contains(name)).map(name -> " in " + name).orElse("");
    err.println("error" + where + ": " + f.message());
    // The engine's messages often say what to do already, naming the very flag the hint would.
    hint(f.kind()).filter(h -> !f.message().contains(h.flag())).ifPresent(h -> err.println("hint: " + h.text()));
    if (verbosity == Verbosity.VERBOSE && cause.isPresent()) {
      StringWriter trace = new StringWriter();
      cause.get().printStackTrace(new PrintWriter(trace));
      err.print(redactor.redact(trace.toString()));
    }
    err.flush();
  }

  /** What to try next, in terms of this CLI's flags; {@code flag} is the one it is mainly about. */
  record Hint(String text, String flag) {}

  /** The hint for a kind of failure, if there is a useful one (the engine's messages speak of the request). */
  static Optional<Hint> hint(ErrorKind kind) {
    return Optional.ofNullable(switch (kind) {
      case INVALID_INPUT -> new Hint("see 'harbor-jib push --help' for the flags and their values", "--help");
      case AUTHENTICATION -> new Hint("check --username and the password or token given with --password-stdin or "
          + "--password-file; a Harbor robot account needs the push permission on the project", "--username");
      case TLS -> new Hint("if the registry's certificate comes from a private CA, give the CA certificate with "
          + "--ca-file FILE (PEM)", "--ca-file");
      case NETWORK -> new Hint("check --registry (host and port), DNS, and the proxy (java -Dhttps.proxyHost=HOST "
          + "-Dhttps.proxyPort=PORT -jar ...); --http-timeout sets how long to wait", "--registry");
      case PROJECT_NOT_FOUND -> new Hint("check --project, or create the project in Harbor first", "--project");
      case PERMISSION_DENIED -> new Hint("give the user or robot account the push permission on the project "
          + "(Harbor: the project's Members or Robot Accounts)", "Robot Accounts");
      case QUOTA_EXCEEDED -> new Hint("free space in the project (delete old artifacts, run garbage collection) "
          + "or raise its quota", "quota");
      case INTERNAL -> new Hint("this is a harbor-jib defect: run again with --verbose and report the output",
          "--verbose");
      case REGISTRY, CANCELLED -> null;
    });
  }

  private static String label(Phase phase) {
    return phase.name().toLowerCase(Locale.ROOT);
  }

  private static String count(int count) {
    return count > 0 ? Integer.toString(count) : "?";
  }

  private static String status(LayerStatus status) {
    return switch (status) {
      case UPLOADED -> "uploaded";
      case PRESENT -> "already present";
      case MOUNTED -> "mounted from another repository";
    };
  }

  private static String timing(PhaseTiming t) {
    return label(t.phase()) + " " + seconds(t.duration());
  }

  /** {@code sha256:} and the first 12 hex digits, like {@code docker images}' short ids. */
  static String shortDigest(String digest) {
    int colon = digest.indexOf(':');
    return colon >= 0 && digest.length() > colon + 13 ? digest.substring(0, colon + 13) : digest;
  }

  /** Bytes in SI units, as docker shows them: {@code 512 B}, {@code 12.3 kB}, {@code 38.9 MB}. */
  static String bytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = n;
    int unit = -1;
    while (v >= 999.95 && unit < units.length - 1) {
      v /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
  }
}
