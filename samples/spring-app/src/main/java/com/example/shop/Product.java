package com.example.shop;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.validation.constraints.NotBlank;

/** A product of the shop. */
@Entity
public class Product {
  @Id
  @GeneratedValue
  private Long id;

  @NotBlank
  private String name;

  protected Product() {}

  public Product(String name) {
    this.name = name;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }
}
