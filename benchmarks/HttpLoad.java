import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop HTTP load for benchmarks/start-rss.sh, a single-file program (JDK 21+): {@code connections} clients each
 * send the same request again as soon as the last answered, for {@code seconds}. Prints one line: requests per second,
 * p50/p99 latency in ms, and how many answers were not 2xx.
 * usage: java HttpLoad.java <url> <token> <seconds> <connections> [json body: POST instead of GET]
 */
public class HttpLoad {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String token = args[1];
        long seconds = Long.parseLong(args[2]);
        int connections = Integer.parseInt(args[3]);
        String body = args.length > 4 ? args[4] : null;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
        HttpRequest request = body == null ? b.GET().build()
                : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger bad = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            clients.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    try {
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status / 100 != 2) bad.incrementAndGet();
                    } catch (Exception e) {
                        bad.incrementAndGet();
                    }
                    latencies.add(System.nanoTime() - t);
                }
            }));
        }
        for (Thread t : clients) t.join();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double p50 = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1e6;
        double p99 = sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))) / 1e6;
        System.out.printf("%.0f req/s, p50 %.1f ms, p99 %.1f ms, %d not 2xx%n", sorted.size() / (double) seconds, p50, p99, bad.get());
    }
}
