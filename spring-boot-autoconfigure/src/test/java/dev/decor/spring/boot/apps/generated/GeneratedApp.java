package dev.decor.spring.boot.apps.generated;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A fresh application whose decorated bean has a generated wrapper and is not woven. */
@SpringBootApplication
public class GeneratedApp {}
