/**
 * Tests that the docs' Java compiles and runs: every ```java block of README.md and docs/ is
 * compiled against the real modules with decor's processor, and the statement snippets are run
 * on the real engine ({@link dev.decor.docs.DocSnippetsTest}); the conventions are in
 * docs-tests/README.md. Not API.
 */
package dev.decor.docs;
