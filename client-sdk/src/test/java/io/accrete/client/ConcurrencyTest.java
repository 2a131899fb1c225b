package io.accrete.client;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.accrete.client.Edn.*;
import static org.junit.jupiter.api.Assertions.*;

/** One client shared by 32 threads that transact and read their own writes at the same time. */
class ConcurrencyTest extends ServerTestBase {

    @Test void thirtyTwoThreadsShareOneClient() throws Exception {
        Connection conn = freshDb();
        int threads = 32;
        int perThread = 20;
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        Set<Long> ts = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < threads; n++) {
                int thread = n;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        String email = "c" + thread + "-" + i + "@example.com";
                        TxReport r = i % 2 == 0
                                ? conn.transact(vec(map(kw(":db/id"), "p", kw(":person/email"), email, kw(":person/age"), (long) i)))
                                : conn.transactAsync(vec(map(kw(":db/id"), "p", kw(":person/email"), email,
                                        kw(":person/age"), (long) i))).get();
                        assertTrue(ids.add(r.tempid("p")), "entity ids are unique");
                        assertTrue(ts.add(r.t()), "each transaction has its own t");
                        // Read-your-writes under concurrency: this thread sees its own write now.
                        Long seen = conn.qScalar("[:find ?e . :in $ ?m :where [?e :person/email ?m]]", conn.db(), email);
                        assertEquals(r.tempid("p"), seen);
                        assertEquals(i, ((Number) conn.pull(conn.db(), "[:person/age]", seen).get(kw(":person/age"))).intValue());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread, ids.size());
        assertEquals((long) threads * perThread,
                (long) conn.<Long>qScalar("[:find (count ?e) . :where [?e :person/email]]", conn.db()));
    }
}
