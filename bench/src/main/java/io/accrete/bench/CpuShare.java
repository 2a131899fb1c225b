package io.accrete.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM and of its threads grouped by name (digits dropped), between two points:
 * on a shared machine, CPU per operation moves far less with the load than throughput does, and
 * the per-thread split shows which stage bounds a workload.
 */
public final class CpuShare {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final long process = OS.getProcessCpuTime();
    private final long gcMillis = gcMillis();
    private final long jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();

    private static long gcMillis() {
        long ms = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) ms += Math.max(0, gc.getCollectionTime());
        return ms;
    }
    private final Map<Long, Long> threads = threadTimes();

    /** CPU time of this whole JVM so far, in nanoseconds. */
    public static long processCpu() {
        return OS.getProcessCpuTime();
    }

    /** CPU time of the calling thread, in nanoseconds (for threads that end before {@link #perOp}). */
    static long currentThreadCpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static Map<Long, Long> threadTimes() {
        Map<Long, Long> m = new LinkedHashMap<>();
        for (long id : THREADS.getAllThreadIds()) m.put(id, THREADS.getThreadCpuTime(id));
        return m;
    }

    /** "JVM X µs/op: thread-name Y, …" for the n operations since this was made. */
    String perOp(long n) {
        Map<String, Long> byName = new TreeMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            ThreadInfo info = THREADS.getThreadInfo(id);
            long now = THREADS.getThreadCpuTime(id);
            if (info == null || now < 0) continue;
            long spent = now - threads.getOrDefault(id, 0L);
            byName.merge(info.getThreadName().replaceAll("-?\\d+$", "-N"), spent, Long::sum);
        }
        long total = OS.getProcessCpuTime() - process;
        long live = byName.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder sb = new StringBuilder(String.format("JVM CPU %.1f µs:", total / 1e3 / n));
        byName.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(6)
                .forEach(e -> sb.append(String.format(" %s %.1f,", e.getKey(), e.getValue() / 1e3 / n)));
        // GC and JIT threads are not Java threads, and threads that ended before this call (e.g.
        // the workload's own) are gone: all of them are only in the total. GC pauses and JIT
        // compilation are given as elapsed time (what the JVM reports), for scale.
        sb.append(String.format(" other threads, GC and JIT %.1f (GC pauses %.1f, JIT %.1f elapsed)", (total - live) / 1e3 / n,
                (gcMillis() - gcMillis) * 1e3 / n, (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitMillis) * 1e3 / n));
        return sb.toString();
    }
}
