package dev.decor.spring.boot.apps.unwoven;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application whose decorated bean was forgotten by the weaver: start-up must fail. */
@SpringBootApplication
public class UnwovenApp {}
