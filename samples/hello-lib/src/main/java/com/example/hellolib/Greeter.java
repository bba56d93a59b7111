package com.example.hellolib;

/** A tiny library the sample app depends on as a SNAPSHOT. */
public final class Greeter {
  private Greeter() {}

  public static String greet(String name) {
    return "Hello, " + name + "!";
  }
}
