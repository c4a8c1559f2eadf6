package dev.decor.examples.spring;

import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error Spring MVC raises — unknown path (404, exact matching: {@code /predictXYZ} is not
 * {@code /predict}), wrong method (405), unsupported media type, and this app's
 * {@link ImageRejectedException}s — answered as RFC 9457 {@code application/problem+json}
 * ({@code {"type":"about:blank","title":"Method Not Allowed","status":405,"detail":...}}), with
 * the exception's headers ({@code Retry-After} on a 503). The errors that never reach Spring MVC's
 * handlers are answered in the same format by {@link ProblemErrorController} and
 * {@link ProblemReportValve} ({@link ErrorResponses}).
 */
@RestControllerAdvice
public class ErrorAdvice extends ResponseEntityExceptionHandler {}
