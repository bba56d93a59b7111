package com.example.shop;

import java.util.List;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/products}: every product, as JSON. */
@RestController
public class ProductController {
  private final ProductRepository products;

  public ProductController(ProductRepository products) {
    this.products = products;
  }

  @GetMapping("/api/products")
  @Cacheable("products")
  public List<Product> all() {
    return products.findAll();
  }
}
