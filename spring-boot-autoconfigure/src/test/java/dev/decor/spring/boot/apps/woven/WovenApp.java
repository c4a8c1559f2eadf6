package dev.decor.spring.boot.apps.woven;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A fresh application whose decorated bean is woven at build time (decor:test-weave). */
@SpringBootApplication
public class WovenApp {}
