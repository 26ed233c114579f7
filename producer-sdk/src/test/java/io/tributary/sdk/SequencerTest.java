package io.tributary.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Items run in ticket order, one at a time, whatever order their threads arrive in. */
class SequencerTest {
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    @Test
    void threadsRunTheirItemsInTicketOrder() throws Exception {
        Sequencer<String> sequencer = new Sequencer<>(item -> ran.add(item + "@" + Thread.currentThread().getName()));
        List<Thread> threads = new ArrayList<>();
        for (int ticket = 3; ticket >= 0; ticket--) { // the last ticket's thread starts first
            long t = ticket;
            Thread thread = new Thread(() -> sequencer.runInTurn(t, "item" + t), "t" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(ran).containsExactly("item0@t0", "item1@t1", "item2@t2", "item3@t3");
    }

    @Test
    void anItemHandedOverRunsAtOnceWhenItsTurnHasCome() {
        Sequencer<String> sequencer = new Sequencer<>(item -> ran.add(item + "@" + Thread.currentThread().getName()));
        sequencer.runInTurn(0, "item0");
        sequencer.handOver(1, "close");
        assertThat(ran).containsExactly("item0@main", "close@main");
    }

    @Test
    void anItemHandedOverDuringAnotherTurnRunsOnTheThreadEndingIt() throws Exception {
        CountDownLatch inTurn = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Sequencer<String> sequencer = new Sequencer<>(item -> {
            if (item.equals("stuck")) {
                inTurn.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ran.add(item + "@" + Thread.currentThread().getName());
        });
        Thread stuck = new Thread(() -> sequencer.runInTurn(0, "stuck"), "sender");
        stuck.start();
        assertThat(inTurn.await(10, TimeUnit.SECONDS)).isTrue();

        sequencer.handOver(1, "close"); // returns at once: the turn is not free
        assertThat(ran).isEmpty();

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2);
        assertThat(ran).containsExactly("stuck@sender", "close@sender");
    }
}
