package io.jenkins.plugins.aigovernance.core.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OnFirstUseTest {

    @Test
    void theValueIsMadeOnTheFirstGetAndOnlyOnceEvenFromManyThreads() throws InterruptedException {
        AtomicInteger made = new AtomicInteger();
        OnFirstUse<Object> value = new OnFirstUse<>(() -> {
            made.incrementAndGet();
            return new Object();
        });
        assertThat(made).hasValue(0);
        CountDownLatch start = new CountDownLatch(1);
        Object[] seen = new Object[8];
        Thread[] threads = new Thread[seen.length];
        for (int i = 0; i < threads.length; i++) {
            int n = i;
            threads[i] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen[n] = value.get();
            });
            threads[i].start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(made).hasValue(1);
        assertThat(seen).containsOnly(value.get());
    }

    @Test
    void aMakerThatGivesNullIsAnError() {
        assertThatThrownBy(() -> new OnFirstUse<>(() -> null).get()).isInstanceOf(NullPointerException.class).hasMessageContaining("made null");
    }
}
