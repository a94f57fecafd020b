package org.accessdenied.core.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** When a group of lookups is in: what a prefetch returns, so its caller can act once the evidence is ready. */
public final class Completion {
    /** Nothing to wait for. */
    public static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private Completion() {
    }

    /**
     * Completes once every one of {@code futures} has completed, normally or not (a failed lookup is in, as a
     * failure); {@link #DONE} itself when they all are already, the common case of a client seen before.
     */
    public static CompletableFuture<Void> allIn(List<? extends CompletableFuture<?>> futures) {
        List<CompletableFuture<?>> pending = null;
        for (CompletableFuture<?> future : futures) {
            if (!future.isDone()) {
                if (pending == null) {
                    pending = new ArrayList<>(futures.size());
                }
                pending.add(future);
            }
        }
        if (pending == null) {
            return DONE;
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture<?>[]::new)).handle((ignored, failure) -> null);
    }

    /** {@link #allIn(List)} of one future. */
    public static CompletableFuture<Void> in(CompletableFuture<?> future) {
        return future.isDone() ? DONE : future.handle((ignored, failure) -> null);
    }
}
