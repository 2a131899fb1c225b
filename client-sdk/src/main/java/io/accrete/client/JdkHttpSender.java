package io.accrete.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;

/**
 * Requests through the JDK's {@link HttpClient}: used for {@code https} servers (TLS is the JDK
 * client's to do well) and, by {@link TxReportQueue}, for the event stream. Plain {@code http}
 * requests go through {@link SocketHttpSender}, which answers in a third of the time here.
 */
final class JdkHttpSender implements HttpSender {
    private final HttpClient http;
    private final int maxAnswer;

    JdkHttpSender(Duration connectTimeout, int maxAnswer) {
        this.maxAnswer = maxAnswer;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // The JDK client hands each response from its selector thread to this executor, and
                // the caller then waits for that thread: running those short, non-blocking steps on
                // the selector itself saves a thread hand-off (futex wake-ups) per request.
                .executor(Runnable::run)
                .build();
    }

    HttpClient client() { return http; }

    @Override
    public HttpAnswer send(URI uri, String method, String[] headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(HttpSender.boundedNanos(timeout)));   // "forever" must not overflow
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<InputStream> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] answer;
        try (InputStream in = resp.body()) {
            answer = in.readNBytes(maxAnswer + 1);
        } catch (IOException e) {
            // The JDK's stream reports an interrupt as an IOException, with the flag set again.
            if (Thread.currentThread().isInterrupted()) throw (InterruptedException) new InterruptedException("interrupted reading the answer").initCause(e);
            throw e;
        }
        if (answer.length > maxAnswer) throw HttpSender.tooLarge(maxAnswer);
        Map<String, List<String>> lower = new TreeMap<>();
        resp.headers().map().forEach((name, values) -> lower.put(name.toLowerCase(Locale.ROOT), values));
        return new HttpAnswer(resp.statusCode(), lower, answer);
    }

    /**
     * Ends the JDK client's selector thread and connections. {@code HttpClient.close()} exists from
     * Java 21; on 17 there is no way to, and they end when the client is garbage-collected.
     */
    @Override
    public void close() {
        if (!(http instanceof AutoCloseable c)) return;
        try {
            c.close();
        } catch (Exception e) {
            // closing is best effort: the client is unusable either way
        }
    }
}
