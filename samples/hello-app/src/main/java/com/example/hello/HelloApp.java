package com.example.hello;

import com.example.hellolib.Greeter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Joiner;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.lang3.StringUtils;

/**
 * The bundled sample: a small HTTP service that answers {@code GET /} with JSON. It touches one class
 * from each kind of layer (a release dependency, a SNAPSHOT dependency, a resource, its own class), so
 * an answer proves the image's classpath is whole.
 */
public final class HelloApp {
  private HelloApp() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", args.length > 0 ? args[0] : "8080"));
    String greeting = readResource("greeting.txt").trim();
    ObjectMapper json = new ObjectMapper();

    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/", exchange -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("greeting", greeting);
      body.put("message", Greeter.greet(StringUtils.capitalize(System.getenv().getOrDefault("NAME", "world"))));
      body.put("java", System.getProperty("java.version"));
      body.put("args", Joiner.on(' ').join(args));
      byte[] bytes = json.writeValueAsBytes(body);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    System.out.println("hello-app listening on port " + port);
  }

  private static String readResource(String name) throws IOException {
    try (InputStream in = HelloApp.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
