package com.example.shop;

import org.springframework.data.jpa.repository.JpaRepository;

/** The products, in the database. */
public interface ProductRepository extends JpaRepository<Product, Long> {}
