package io.jenkins.plugins.aigovernance.core.document;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made the first time it is asked for, then kept: for a reader's Jackson mapper, whose first construction in a JVM
 * loads several hundred classes, so that a run which never reads that kind of input never pays for it
 * (docs/performance.md, start-up). Thread-safe: the value is made at most once.
 *
 * @param <T> the value's type
 */
public final class OnFirstUse<T> implements Supplier<T> {

    private final Supplier<? extends T> make;
    private volatile T value;

    /** @param make makes the value; it must not return {@code null} */
    public OnFirstUse(Supplier<? extends T> make) {
        this.make = Objects.requireNonNull(make, "make");
    }

    /** The value, made on the first call. */
    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = Objects.requireNonNull(make.get(), "OnFirstUse: made null");
                    value = v;
                }
            }
        }
        return v;
    }
}
