/**
 * Not API. The kernel the processor, the engine and the aspect share: the {@code [decor/…]}
 * message templates ({@code Messages}), durations, and the type views the processor and the
 * runtime both check keys with ({@code KeyType}, {@code TypeRef}). Kept out of the user's way:
 * nothing here is meant for application code, and it may change in any release.
 */
package dev.decor.internal;
