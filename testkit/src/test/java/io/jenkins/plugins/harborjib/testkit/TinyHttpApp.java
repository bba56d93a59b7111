package io.jenkins.plugins.harborjib.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;

/**
 * A server that the runner test puts into an image: answers {@code GET /} on 127.0.0.1:$PORT with what the
 * process sees of its environment.
 */
public final class TinyHttpApp {
  private TinyHttpApp() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getenv("PORT"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/", exchange -> {
      Path scratch = Files.createTempFile("tiny", ".txt");
      String body = "hello from the image\n"
          + "env=" + new TreeSet<>(System.getenv().keySet()) + "\n"
          + "user.dir=" + System.getProperty("user.dir") + "\n"
          + "user.name=" + System.getProperty("user.name") + "\n"
          + "tmp.writable=" + Files.deleteIfExists(scratch) + "\n";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    System.out.println("listening on " + port);
  }
}
