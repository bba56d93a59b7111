package io.jenkins.plugins.harborjib.bridge.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A stand-in for the engine jar, started exactly as the real one ({@code java -jar ... push --protocol json}), for the
 * behaviours the real engine cannot be made to show on demand. JDK only: it runs from a jar of its own class.
 */
public final class FakeEngine {
  private FakeEngine() {}

  public static void main(String[] args) throws Exception {
    String mode = System.getProperty("fake.mode", "");
    if (!List.of(args).equals(List.of("push", "--protocol", "json"))) {
      System.out.println(error("INVALID_INPUT", 2, "unexpected arguments " + List.of(args)));
      System.exit(2);
    }
    String request = readAll(System.in);
    switch (mode) {
      case "echo-secret" -> {
        // A careless engine: prints the password it was given, everywhere.
        String secret = between(request, "\"password\":\"", "\"");
        System.out.println(event("info", "using token " + secret));
        System.err.println("stderr also has " + secret);
        System.out.println(result());
        System.exit(0);
      }
      case "environment" -> {
        System.out.println(event("info", "env " + String.join(",", new java.util.TreeSet<>(System.getenv().keySet()))));
        System.out.println(event("info", "cwd " + System.getProperty("user.dir")));
        System.out.println(event("info", "heap " + Runtime.getRuntime().maxMemory()));
        System.out.println(result());
        System.exit(0);
      }
      case "dies" -> {
        System.out.println(event("info", "about to fall over"));
        System.err.println("Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space");
        System.exit(1);
      }
      case "garbage" -> {
        System.out.println("not json at all");
        System.out.println("{\"protocolVersion\":1,\"type\":\"sbom-ready\"}");
        System.out.println(result());
        System.exit(0);
      }
      case "spawns-and-hangs" -> {
        Process child = new ProcessBuilder("sleep", "600").inheritIO().start();
        System.out.println(event("info", "child " + child.pid()));
        System.out.flush();
        Thread.sleep(600_000);
      }
      default -> {
        System.out.println(error("INTERNAL", 1, "unknown fake.mode " + mode));
        System.exit(1);
      }
    }
  }

  static String result() {
    return "{\"protocolVersion\":1,\"type\":\"result\",\"reference\":\"r.example.com/p/r@sha256:00\",\"digest\":"
        + "\"sha256:00\",\"registry\":\"r.example.com\",\"project\":\"p\",\"repository\":\"r\",\"tags\":[\"1\"],"
        + "\"layers\":[],\"bytesUploaded\":0,\"durationMillis\":1}";
  }

  static String event(String type, String message) {
    return "{\"protocolVersion\":1,\"type\":\"" + type + "\",\"message\":\"" + message.replace("\\", "\\\\")
        .replace("\"", "\\\"") + "\"}";
  }

  static String error(String kind, int exit, String message) {
    return "{\"protocolVersion\":1,\"type\":\"error\",\"kind\":\"" + kind + "\",\"exitCode\":" + exit
        + ",\"message\":\"" + message.replace("\"", "'") + "\"}";
  }

  private static String between(String text, String start, String end) {
    int s = text.indexOf(start) + start.length();
    return text.substring(s, text.indexOf(end, s));
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
