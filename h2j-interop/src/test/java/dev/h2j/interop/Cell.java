package dev.h2j.interop;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test method as one cell of the matrix: its outcome is the cell's (passed ✓, failed ✗, aborted
 * because the peer is missing: not run). The class must be annotated {@link Interop}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Cell {
    /** The row. */
    Peer peer();

    /** The column. */
    Scenario scenario();
}
