package com.example.shop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/** A small shop: products in a JPA repository, a JSON API and a page. */
@SpringBootApplication
@EnableCaching
public class ShopApp {
  public static void main(String[] args) {
    SpringApplication.run(ShopApp.class, args);
  }
}
