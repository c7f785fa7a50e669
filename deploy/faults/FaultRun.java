import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fault of the fault suite (deploy/faults/README.md), a single-file program (JDK 21+) that deploy/faults/run.sh runs once
 * per fault against the running local suite. It drives a steady, bounded load through the edge with tokens fetched from
 * Keycloak before the fault (a chain per new teacher: registration, accept once funding decided, an attendance upload,
 * a "started" declaration), keeps a ledger of every answer, injects the fault through deploy/faults/fault.sh, polls every
 * service replica's readiness, measures how long the outbox backlog left by the outage takes to drain, then checks
 * against the suite's PostgreSQL (read-only SQL, the oracle) that every acknowledged write exists exactly once and that
 * every event reached every consumer. Prints the figures; exits 1 when any check fails.
 * usage: java deploy/faults/FaultRun.java <kafka|sigkill|postgres|keycloak|trs|sigterm> <output dir>
 */
public class FaultRun {
    static final String EDGE = env("NPQ_EDGE_URL", "http://127.0.0.1:8080");
    static final String KEYCLOAK = env("NPQ_KEYCLOAK_URL", "http://127.0.0.1:8180");
    static final String PG_PORT = env("NPQ_POSTGRES_PORT", "5433");
    static final String TRS = "http://127.0.0.1:" + env("NPQ_TRS_PORT", "8086");
    static final String HOOK = env("NPQ_FAULT_HOOK", "deploy/faults/fault.sh");
    static final String LP_A = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0001";
    static final String HUB_A = "5c2e8d41-7b3a-4e9f-8a10-2b6d0c0d0001";
    static final String COURSE = "npq-senior-leadership";
    static final String[] SERVICES = {"registration", "funding", "engagement", "assessment"};
    static final Map<String, Integer> BASE_PORT = Map.of("registration", 8081, "funding", 8082, "engagement", 8083, "assessment", 8084);
    static final Map<String, Integer> MANAGEMENT_PORT = Map.of("registration", 8281, "funding", 8282, "engagement", 8283, "assessment", 8284);
    static final long WARMUP_S = Long.parseLong(env("NPQ_FAULT_WARMUP", "8"));
    static final long AFTER_S = Long.parseLong(env("NPQ_FAULT_AFTER", "10"));
    static final long CHAIN_EVERY_MS = Long.parseLong(env("NPQ_FAULT_CHAIN_EVERY_MS", "700"));
    static final int MAX_CHAINS = Integer.parseInt(env("NPQ_FAULT_MAX_CHAINS", "48"));
    static final Duration CHAIN_DEADLINE = Duration.ofSeconds(Long.parseLong(env("NPQ_FAULT_CHAIN_DEADLINE", "200")));
    static final long DRAIN_LIMIT_S = 30;

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final Instant T0 = Instant.now();

    /** One answer (or failure to answer) of the platform. */
    record Rec(long atMs, int chain, String step, String method, String path, int status, String contentType, String retryAfter,
               String id, String error, long ms, String body) {
        Rec withBody(String text) { return new Rec(atMs, chain, step, method, path, status, contentType, retryAfter, id, error, ms, text); }
    }

    static final ConcurrentLinkedQueue<Rec> LEDGER = new ConcurrentLinkedQueue<>();

    final String fault;
    final Path out;
    final Map<String, String> tokens = new LinkedHashMap<>();
    String session;
    final List<String> failures = new CopyOnWriteArrayList<>();
    final List<String> notes = new CopyOnWriteArrayList<>();
    final AtomicBoolean starting = new AtomicBoolean(true);
    final AtomicInteger running = new AtomicInteger();
    volatile Instant faultStart, recovered;

    // what the platform acknowledged (2xx), by chain
    final Map<Integer, String> registered = new ConcurrentHashMap<>();   // chain -> application id
    final Map<Integer, String> emails = new ConcurrentHashMap<>();       // chain -> email (every chain that sent a registration)
    final Map<Integer, String> participants = new ConcurrentHashMap<>(); // chain -> participant id
    final Set<String> accepted = ConcurrentHashMap.newKeySet();           // application ids
    final Set<String> attended = ConcurrentHashMap.newKeySet();           // application ids
    final Map<String, String> declared = new ConcurrentHashMap<>();      // declaration id -> application id

    // readiness: per replica, the answers seen during the outage and after recovery
    final Map<String, Set<String>> readyDuring = new ConcurrentHashMap<>();
    final Map<String, String> readyLast = new ConcurrentHashMap<>();

    FaultRun(String fault, Path out) {
        this.fault = fault;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) { System.err.println("usage: FaultRun <fault> <output dir>"); System.exit(2); }
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        FaultRun run = new FaultRun(args[0], out);
        boolean ok = run.run();
        System.exit(ok ? 0 : 1);
    }

    // ---- the run ------------------------------------------------------------------------------------------
    boolean run() throws Exception {
        for (String client : List.of("npq-school-a", "npq-lead-provider-a", "npq-hub-a", "npq-admin")) tokens.put(client, token(client));
        setup();
        Thread readiness = Thread.ofPlatform().daemon().start(this::pollReadiness);
        Thread load = Thread.ofPlatform().daemon().start(this::load);
        say("load running (a chain every " + CHAIN_EVERY_MS + " ms, at most " + MAX_CHAINS + " at once)");
        Thread.sleep(WARMUP_S * 1000);

        faultStart = Instant.now();
        inject();
        markRecovered(); // the faults of processes: once the restarted replicas are ready
        say("back " + secs(faultStart, recovered) + " s after the fault began; every component ready after " + secs(faultStart, Instant.now()) + " s");

        Thread.sleep(AFTER_S * 1000);
        starting.set(false);
        Instant until = Instant.now().plus(CHAIN_DEADLINE);
        while (running.get() > 0 && Instant.now().isBefore(until)) Thread.sleep(250);
        if (running.get() > 0) failures.add(running.get() + " load chains still running " + CHAIN_DEADLINE.toSeconds() + " s after the load stopped (a hang)");
        load.join(5000);
        drainThread.join(Duration.ofSeconds(DRAIN_LIMIT_S + 30).toMillis());
        readiness.interrupt();

        writeLedger();
        check(drain);
        return report(drain);
    }

    void inject() throws Exception {
        switch (fault) {
            case "kafka" -> { hook("kafka-stop"); Thread.sleep(60_000); backWhenListening("kafka-start", Integer.parseInt(env("NPQ_KAFKA_PORT", "9092"))); }
            case "sigkill" -> hook("sigkill");           // kills one replica of each service, restarts it, waits until ready
            case "postgres" -> backWhenListening("postgres-restart", Integer.parseInt(PG_PORT));
            case "keycloak" -> {
                hook("keycloak-stop");
                Instant end = Instant.now().plusSeconds(30);
                Thread.sleep(2000);
                freshTokenMust(false);
                while (Instant.now().isBefore(end)) Thread.sleep(250);
                backWhenListening("keycloak-start", Integer.parseInt(env("NPQ_KEYCLOAK_PORT", "8180")));
                freshTokenMust(true);
            }
            case "trs" -> {
                trsDelay(8000); // longer than registration's read timeout (5 s): each call times out, and its one retry too
                say("TRS answers after 8 s");
                Thread.sleep(30_000);
                hook("trs-stop");
                say("TRS stopped");
                Thread.sleep(30_000);
                backWhenListening("trs-start", Integer.parseInt(env("NPQ_TRS_PORT", "8086")));
            }
            case "sigterm" -> sigterm();
            default -> throw new IllegalArgumentException("unknown fault " + fault);
        }
    }

    /**
     * SIGTERM during load: registrations sent straight to the registration replica while the stand-in TRS answers after 3 s
     * (so they are in flight when the signal comes) must all be answered 2xx (not reset, not refused) and exist; then every
     * service's replica is sent SIGTERM while the load runs through the edge, and restarted.
     */
    void sigterm() throws Exception {
        List<String> regs = replicas("registration");
        String target = regs.get(regs.size() > 1 ? 1 : 0); // replica 2 when it runs, else the only one
        int port = replicaPort("registration", target);
        trsDelay(3000);
        List<Thread> inFlight = new ArrayList<>();
        Map<String, String> answers = new ConcurrentHashMap<>();
        for (int i = 0; i < 4; i++) {
            int chain = 100_000 + i;
            inFlight.add(Thread.ofVirtual().start(() -> {
                String email = "fault-" + UUID.randomUUID() + "@example.org";
                emails.put(chain, email);
                Rec r = send(chain, "in-flight-registration", "POST", "http://127.0.0.1:" + port + "/api/v1/registrations",
                        registrationBody(email), "npq-school-a", UUID.randomUUID().toString());
                answers.put("#" + chain, r.status + (r.error == null ? "" : " " + r.error));
                if (r.status == 201 && r.id != null) registered.put(chain, r.id);
            }));
        }
        Thread.sleep(1000);
        Path edgeLog = Path.of(".local/logs/edge.log");
        long edgeLogFrom = Files.exists(edgeLog) ? Files.size(edgeLog) : 0;
        hook("sigterm " + target);
        for (Thread t : inFlight) t.join();
        trsDelay(0);
        for (var e : answers.entrySet()) {
            if (!e.getValue().startsWith("201")) failures.add("a registration in flight at SIGTERM was answered " + e.getValue() + ", not 201");
        }
        say("in flight at SIGTERM: " + answers.values());
        hook("sigterm-others");
        // a request the edge had handed to a stopping replica and lost: nginx logs the upstream closing or resetting it
        if (Files.exists(edgeLog)) {
            try (var in = Files.newInputStream(edgeLog)) {
                in.skipNBytes(Math.min(edgeLogFrom, Files.size(edgeLog)));
                String added = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                long cut = added.lines().filter(l -> l.contains("prematurely closed") || l.contains("reset by peer")).count();
                say("requests cut by a stopping replica (edge log): " + cut);
                if (cut > 0) failures.add(cut + " requests in flight were cut by a replica stopping on SIGTERM (edge log: upstream closed or reset)");
            }
        }
        hook("restart-services");
    }

    // ---- the load -----------------------------------------------------------------------------------------
    void load() {
        int chain = 0;
        while (starting.get()) {
            if (running.get() < MAX_CHAINS) {
                int c = ++chain;
                running.incrementAndGet();
                Thread.ofVirtual().start(() -> {
                    try { chain(c); } catch (Exception e) { note("chain " + c + ": " + e); } finally { running.decrementAndGet(); }
                });
            }
            sleep(CHAIN_EVERY_MS);
        }
    }

    void chain(int c) throws Exception {
        Instant deadline = Instant.now().plus(CHAIN_DEADLINE);
        String email = "fault-" + UUID.randomUUID() + "@example.org";
        emails.put(c, email);
        String key = UUID.randomUUID().toString();
        String body = registrationBody(email);
        Rec r = retry(deadline, () -> send(c, "register", "POST", EDGE + "/api/v1/registrations", body, "npq-school-a", key));
        if (r == null || r.status != 201) return;
        String app = r.id;
        registered.put(c, app);

        // funding decides (an event to funding, its decision back to registration), then the provider accepts
        String participant = null;
        while (Instant.now().isBefore(deadline)) {
            Rec g = send(c, "read-application", "GET", EDGE + "/api/v3/npq-applications/" + app, null, "npq-lead-provider-a", null);
            if (g.status == 200 && g.body != null && !g.body.contains("\"eligible_for_funding\":null")) {
                participant = field(g.body, "participant_id");
                break;
            }
            sleep(2000);
        }
        if (participant == null) { note("chain " + c + ": no funding decision reached registration in time"); return; }
        participants.put(c, participant);
        Rec a = retry(deadline, () -> send(c, "accept", "POST", EDGE + "/api/v3/npq-applications/" + app + "/accept",
                "{\"data\":{\"type\":\"npq-application-accept\",\"attributes\":{\"funded_place\":false}}}", "npq-lead-provider-a", null));
        if (a == null || a.status != 200) return;
        accepted.add(app);

        // the hub records attendance (engagement must have heard of the acceptance: 4xx until then)
        String pid = participant;
        String upload = "{\"data\":{\"type\":\"attendance-upload\",\"attributes\":{\"rows\":[{\"participant_id\":\"" + pid
                + "\",\"session_id\":\"" + session + "\",\"attended\":true,\"minutes\":60}]}}}";
        Rec u = retryUntil2xx(deadline, () -> send(c, "attendance", "POST", EDGE + "/api/v1/attendance", upload, "npq-hub-a", null));
        if (u == null) return;
        attended.add(app);

        String declaration = "{\"data\":{\"type\":\"participant-declaration\",\"attributes\":{\"participant_id\":\"" + pid
                + "\",\"declaration_type\":\"started\",\"declaration_date\":\"2026-10-01T10:00:00Z\",\"course_identifier\":\"" + COURSE
                + "\",\"delivery_partner_id\":\"" + HUB_A + "\"}}}";
        Rec d = retryUntil2xx(deadline, () -> send(c, "declare", "POST", EDGE + "/api/v3/participant-declarations", declaration,
                "npq-lead-provider-a", null));
        if (d != null && d.id != null) declared.put(d.id, app);
    }

    interface Call { Rec call() throws Exception; }

    /** Sends again after a 503 or a failure to answer (Retry-After honoured), until 2xx, another 4xx or the deadline. */
    Rec retry(Instant deadline, Call call) throws Exception {
        Rec r = null;
        while (Instant.now().isBefore(deadline)) {
            r = call.call();
            if (r.status / 100 == 2 || (r.status / 100 == 4 && r.status != 429)) return r;
            sleep(backoff(r));
        }
        return r;
    }

    /** As {@link #retry}, and a 4xx too (an event the write depends on has not arrived yet). */
    Rec retryUntil2xx(Instant deadline, Call call) throws Exception {
        while (Instant.now().isBefore(deadline)) {
            Rec r = call.call();
            if (r.status / 100 == 2) return r;
            sleep(r.status / 100 == 4 ? 2000 : backoff(r));
        }
        return null;
    }

    static long backoff(Rec r) {
        try { return r.retryAfter == null ? 1000 : Math.min(5000, Long.parseLong(r.retryAfter.trim()) * 1000); }
        catch (NumberFormatException e) { return 1000; }
    }

    /** One request; its answer goes to the ledger. {@code Rec.body} is not kept in the ledger. */
    Rec send(int chain, String step, String method, String url, String body, String client, String idempotencyKey) {
        long t = System.nanoTime();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + tokens.get(client));
        if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
        b = body == null ? b.GET() : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        Rec rec;
        String text = null;
        try {
            HttpResponse<String> resp = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            text = resp.body();
            String id = resp.statusCode() / 100 == 2 ? dataId(text) : null;
            rec = new Rec(ms(), chain, step, method, path(url), resp.statusCode(), resp.headers().firstValue("Content-Type").orElse(""),
                    resp.headers().firstValue("Retry-After").orElse(null), id, null, (System.nanoTime() - t) / 1_000_000, null);
        } catch (Exception e) {
            rec = new Rec(ms(), chain, step, method, path(url), 0, "", null, null, e.getClass().getSimpleName(), (System.nanoTime() - t) / 1_000_000, null);
        }
        LEDGER.add(rec);
        return text == null ? rec : rec.withBody(text);
    }

    // ---- setup ------------------------------------------------------------------------------------------------
    void setup() throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        // hub A a partner of A in 2026b (a declaration in England from cohort 2024 names one)
        Rec dp = retryUntil2xx(deadline, () -> send(0, "setup", "PUT", EDGE + "/api/v1/delivery-partners/" + HUB_A,
                "{\"data\":{\"type\":\"delivery-partner\",\"attributes\":{\"name\":\"Hub A\",\"partnerships\":[{\"lead_provider_id\":\""
                        + LP_A + "\",\"cohort\":\"2026b\"}]}}}", "npq-admin", null));
        if (dp == null) throw new IllegalStateException("could not make hub A a delivery partner of A");
        Rec s = retryUntil2xx(deadline, () -> send(0, "setup", "POST", EDGE + "/api/v1/sessions",
                "{\"data\":{\"type\":\"session\",\"attributes\":{\"course_identifier\":\"" + COURSE + "\",\"cohort\":\"2026b\",\"kind\":\"webinar\","
                        + "\"title\":\"Fault suite " + fault + "\",\"scheduled_at\":\"" + Instant.now().minus(Duration.ofDays(1)) + "\",\"weight\":60}}}",
                "npq-hub-a", null));
        if (s == null || s.id == null) throw new IllegalStateException("could not create a session");
        session = s.id;
        LEDGER.clear(); // the ledger is the load's
    }

    static String registrationBody(String email) {
        String trn = String.valueOf(ThreadLocalRandom.current().nextInt(8_000_000, 9_999_999));
        return "{\"data\":{\"type\":\"npq-registration\",\"attributes\":{\"trn\":\"" + trn + "\",\"full_name\":\"Fault Example\","
                + "\"date_of_birth\":\"1984-09-30\",\"email\":\"" + email + "\",\"course_identifier\":\"" + COURSE + "\",\"cohort\":\"2026b\","
                + "\"lead_provider_id\":\"" + LP_A + "\",\"work_setting\":\"a_school\",\"school_urn\":\"100001\",\"teacher_catchment\":\"england\"}}}";
    }

    // ---- tokens and dependencies ------------------------------------------------------------------------------------
    static String token(String client) throws Exception {
        HttpResponse<String> r = tokenRequest(client);
        if (r.statusCode() != 200) throw new IllegalStateException("no token for " + client + ": " + r.statusCode());
        return field(r.body(), "access_token");
    }

    static HttpResponse<String> tokenRequest(String client) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(client, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(client + "-secret", StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/npq/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A new token while Keycloak is down fails at once (refused, not a hang); after it is back, one is issued. */
    void freshTokenMust(boolean work) {
        long t = System.nanoTime();
        String outcome;
        try {
            HttpResponse<String> r = tokenRequest("npq-lead-provider-a");
            outcome = String.valueOf(r.statusCode());
        } catch (Exception e) {
            outcome = e.getClass().getSimpleName();
        }
        long ms = (System.nanoTime() - t) / 1_000_000;
        say("a fresh token " + (work ? "after" : "during") + " the outage: " + outcome + " in " + ms + " ms");
        if (work && !outcome.equals("200")) failures.add("no fresh token after Keycloak came back: " + outcome);
        if (!work && (outcome.equals("200") || ms > 5000)) failures.add("a fresh token during Keycloak's outage: " + outcome + " in " + ms + " ms (should fail at once)");
        if (!work) notes.add("fresh token while Keycloak is down: " + outcome + " in " + ms + " ms");
    }

    static void trsDelay(int ms) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(TRS + "/__admin/settings")).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"fixedDelay\":" + ms + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new IllegalStateException("WireMock settings: " + r.statusCode());
    }

    /**
     * Runs the hook that brings a dependency back; the recovery instant is when its port accepts connections again (up.sh then
     * still waits for every component to be ready), so the drain is measured from the moment the dependency is back.
     */
    void backWhenListening(String what, int port) throws Exception {
        Thread up = Thread.ofPlatform().start(() -> { try { hook(what); } catch (Exception e) { failures.add(e.getMessage()); } });
        boolean sawClosed = !what.endsWith("restart"); // a restart: the port closes first
        while (recovered == null) {
            boolean open;
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
                open = true;
            } catch (IOException e) {
                open = false;
            }
            if (!open) sawClosed = true;
            if ((open && sawClosed) || !up.isAlive()) markRecovered();
            else Thread.sleep(100);
        }
        up.join();
    }

    DrainWatch drain;
    Thread drainThread;

    synchronized void markRecovered() {
        if (recovered != null) return;
        recovered = Instant.now();
        drain = new DrainWatch(recovered);
        drainThread = Thread.ofPlatform().daemon().start(drain);
    }

    void hook(String what) throws Exception {
        say("fault.sh " + what);
        List<String> cmd = new ArrayList<>(List.of(HOOK));
        cmd.addAll(List.of(what.split(" ")));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalStateException("fault.sh " + what + " failed");
    }

    // ---- readiness --------------------------------------------------------------------------------------------
    /** Replicas: replica k of a service runs when .local/run/<svc>-k.pid exists (deploy/local's convention). */
    static List<String> replicas(String svc) {
        List<String> all = new ArrayList<>(List.of(svc));
        for (int k = 2; k <= 4; k++) if (Files.exists(Path.of(".local/run/" + svc + "-" + k + ".pid"))) all.add(svc + "-" + k);
        return all;
    }

    static int replicaPort(String svc, String replica) {
        int k = replica.contains("-") ? Integer.parseInt(replica.substring(replica.lastIndexOf('-') + 1)) : 1;
        return BASE_PORT.get(svc) + 10 * (k - 1);
    }

    /** Health moves to the management interface (828x) when a service has one; else it is on the service port. */
    static String readiness(String svc, String replica) {
        int k = replica.contains("-") ? Integer.parseInt(replica.substring(replica.lastIndexOf('-') + 1)) : 1;
        for (int port : new int[] {MANAGEMENT_PORT.get(svc) + 10 * (k - 1), replicaPort(svc, replica)}) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return "UP";
                if (r.statusCode() == 503) return "DOWN";
            } catch (Exception e) {
                // not this port
            }
        }
        return "unreachable";
    }

    void pollReadiness() {
        while (!Thread.currentThread().isInterrupted()) {
            for (String svc : SERVICES) {
                for (String replica : replicas(svc)) {
                    String s = readiness(svc, replica);
                    readyLast.put(replica, s);
                    if (faultStart != null && recovered == null) readyDuring.computeIfAbsent(replica, k -> ConcurrentHashMap.newKeySet()).add(s);
                }
            }
            try { Thread.sleep(500); } catch (InterruptedException e) { return; }
        }
    }

    // ---- the oracle: read-only SQL against the suite's PostgreSQL -------------------------------------------------
    static String sql(String query) {
        try {
            Process p = new ProcessBuilder("psql", "-X", "-q", "-tA", "-h", "127.0.0.1", "-p", PG_PORT, "-U", "postgres", "-d", "npq",
                    "-v", "ON_ERROR_STOP=1", "-c", "SET default_transaction_read_only = on", "-c", query)
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) throw new IllegalStateException("psql: " + text);
            return text;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(String query) {
        String s = sql(query);
        String last = s.lines().reduce((a, b) -> b).orElse("0");
        return Long.parseLong(last.strip());
    }

    static String in(Collection<String> ids) {
        if (ids.isEmpty()) return "(NULL)";
        StringBuilder b = new StringBuilder("(");
        for (String id : ids) { if (b.length() > 1) b.append(','); b.append('\'').append(id.replace("'", "")).append('\''); }
        return b.append(')').toString();
    }

    /** The backlog the outage left: each service's unpublished outbox rows written before recovery. */
    final class DrainWatch implements Runnable {
        final Instant since;
        volatile Double seconds;
        volatile String last = "";

        DrainWatch(Instant since) { this.since = since; }

        public void run() {
            Instant end = since.plusSeconds(DRAIN_LIMIT_S + 30);
            while (Instant.now().isBefore(end)) {
                try {
                    StringBuilder q = new StringBuilder("SELECT ");
                    for (int i = 0; i < SERVICES.length; i++) {
                        if (i > 0) q.append(" || ' ' || ");
                        q.append("'").append(SERVICES[i]).append("=' || (SELECT count(*) FROM ").append(SERVICES[i])
                                .append(".outbox_event WHERE sent_at IS NULL AND created_at <= '").append(since).append("')");
                    }
                    last = sql(q.toString());
                    if (!last.matches(".*=[1-9].*")) { seconds = secs(since, Instant.now()); return; }
                } catch (RuntimeException e) {
                    last = "no answer: " + e.getMessage();
                }
                sleep(250);
            }
        }
    }

    void check(DrainWatch drain) {
        // no 5xx except a 503 problem with Retry-After; no request left unanswered
        for (Rec r : LEDGER) {
            boolean dependencyDown = r.status == 503 && r.contentType.startsWith("application/problem+json") && r.retryAfter != null;
            if (r.status >= 500 && !dependencyDown) failures.add("5xx: " + r);
            if (r.status == 0) failures.add("no answer: " + r);
        }
        if (drain.seconds == null) failures.add("outbox backlog not drained within " + DRAIN_LIMIT_S + " s of recovery (" + drain.last + ")");
        else if (drain.seconds > DRAIN_LIMIT_S) failures.add("outbox backlog drained in " + drain.seconds + " s (> " + DRAIN_LIMIT_S + ")");

        // readiness reported the outage of a dependency every service needs
        if (fault.equals("kafka") || fault.equals("postgres")) {
            for (String svc : SERVICES) {
                for (String replica : replicas(svc)) {
                    Set<String> seen = readyDuring.getOrDefault(replica, Set.of());
                    if (!seen.contains("DOWN")) failures.add(replica + " readiness never reported " + fault + " down (saw " + seen + ")");
                }
            }
        }

        // the consumers converge: wait (bounded) until every copy is there, then check
        Collection<String> apps = registered.values();
        Instant until = Instant.now().plusSeconds(60);
        List<String> problems = consistency(apps);
        while (!problems.isEmpty() && Instant.now().isBefore(until)) { sleep(1000); problems = consistency(apps); }
        failures.addAll(problems);
        for (String svc : SERVICES) {
            for (String replica : replicas(svc)) {
                if (!"UP".equals(readyLast.get(replica)) && !"UP".equals(readiness(svc, replica)))
                    failures.add(replica + " not ready after recovery (" + readyLast.get(replica) + ")");
            }
        }
    }

    long lost, duplicated;

    List<String> consistency(Collection<String> apps) {
        List<String> p = new ArrayList<>();
        // every acknowledged write exists exactly once
        long regs = count("SELECT count(*) FROM registration.application WHERE id IN " + in(apps));
        long dupPeople = count("SELECT count(*) FROM (SELECT p.email FROM registration.person p JOIN registration.application a ON a.person_id = p.id "
                + "WHERE p.email IN " + in(emails.values()) + " GROUP BY p.email HAVING count(*) > 1) d");
        long acc = count("SELECT count(*) FROM registration.application WHERE status = 'accepted' AND id IN " + in(accepted));
        long att = count("SELECT count(*) FROM engagement.attendance WHERE session_id = '" + session + "' AND application_id IN " + in(attended));
        long decl = count("SELECT count(*) FROM engagement.declaration WHERE id IN " + in(declared.keySet()));
        long dupDecl = count("SELECT count(*) FROM (SELECT application_id FROM engagement.declaration WHERE application_id IN " + in(apps)
                + " AND declaration_type = 'started' AND superseded_by_id IS NULL GROUP BY application_id HAVING count(*) > 1) d");
        lost = (apps.size() - regs) + (accepted.size() - acc) + (attended.size() - att) + (declared.size() - decl);
        duplicated = dupPeople + dupDecl;
        if (regs != apps.size()) p.add("registrations acknowledged " + apps.size() + ", found " + regs);
        if (dupPeople > 0) p.add(dupPeople + " registrations stored twice (one email, several applications)");
        if (acc != accepted.size()) p.add("accepts acknowledged " + accepted.size() + ", accepted " + acc);
        if (att != attended.size()) p.add("attendance acknowledged " + attended.size() + ", found " + att);
        if (decl != declared.size()) p.add("declarations acknowledged " + declared.size() + ", found " + decl);
        if (dupDecl > 0) p.add(dupDecl + " applications with two started declarations");

        // every consumer's copy matches the producer's truth
        expect(p, "funding's decisions", "SELECT count(*) FROM funding.funding_decision WHERE application_id IN " + in(apps), apps.size());
        expect(p, "registration's funding verdicts", "SELECT count(*) FROM registration.application WHERE eligible_for_funding IS NOT NULL AND id IN " + in(apps), apps.size());
        expect(p, "engagement's enrolments", "SELECT count(*) FROM engagement.enrolment WHERE application_id IN " + in(apps), apps.size());
        expect(p, "engagement's accepted enrolments", "SELECT count(*) FROM engagement.enrolment WHERE status = 'accepted' AND application_id IN " + in(accepted), accepted.size());
        expect(p, "assessment's candidates", "SELECT count(*) FROM assessment.candidate WHERE application_id IN " + in(apps), apps.size());
        expect(p, "registration's copies of declarations", "SELECT count(*) FROM registration.declaration r JOIN engagement.declaration e ON e.id = r.id AND e.state = r.state WHERE r.id IN " + in(declared.keySet()), declared.size());
        expect(p, "funding's copies of declarations", "SELECT count(*) FROM funding.declaration_state f JOIN engagement.declaration e ON e.id = f.declaration_id AND e.state = f.state WHERE f.declaration_id IN " + in(declared.keySet()), declared.size());

        // every event of this load reached every consumer's inbox (applied once: processed_event's key is the event id)
        String[][] routes = {
                {"registration", "ApplicationSubmitted", "funding engagement assessment", "apps"},
                {"registration", "ApplicationAccepted", "funding engagement", "apps"},
                {"funding", "FundingDecisionMade", "registration engagement", "apps"},
                {"engagement", "DeclarationStateChanged", "registration funding", "decls"}};
        for (String[] route : routes) {
            Collection<String> keys = route[3].equals("apps") ? apps : declared.keySet();
            for (String consumer : route[2].split(" ")) {
                long missing = count("SELECT count(*) FROM " + route[0] + ".outbox_event o WHERE o.aggregateid IN " + in(keys)
                        + " AND o.type LIKE '%." + route[1] + "' AND NOT EXISTS (SELECT 1 FROM " + consumer + ".processed_event i WHERE i.event_id = o.id::text)");
                if (missing > 0) p.add(missing + " " + route[1] + " events of " + route[0] + " not in " + consumer + "'s inbox");
            }
        }
        return p;
    }

    static void expect(List<String> p, String what, String query, long want) {
        long got = count(query);
        if (got != want) p.add(what + ": " + got + ", expected " + want);
    }

    // ---- output -------------------------------------------------------------------------------------------------
    void writeLedger() throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("ledger-" + fault + ".tsv")))) {
            w.println("ms\tchain\tstep\tmethod\tpath\tstatus\tcontent_type\tretry_after\tid\terror\tlatency_ms");
            for (Rec r : LEDGER) {
                w.println(r.atMs + "\t" + r.chain + "\t" + r.step + "\t" + r.method + "\t" + r.path + "\t" + r.status + "\t" + r.contentType
                        + "\t" + (r.retryAfter == null ? "" : r.retryAfter) + "\t" + (r.id == null ? "" : r.id) + "\t"
                        + (r.error == null ? "" : r.error) + "\t" + r.ms);
            }
        }
    }

    boolean report(DrainWatch drain) throws IOException {
        long acked = LEDGER.stream().filter(r -> r.status / 100 == 2 && !r.method.equals("GET")).count();
        long requests = LEDGER.size();
        long fivexx = LEDGER.stream().filter(r -> r.status >= 500).count();
        long unavailable = LEDGER.stream().filter(r -> r.status == 503 && r.retryAfter != null).count();
        long other4xx = LEDGER.stream().filter(r -> r.status / 100 == 4).count();
        StringBuilder ready = new StringBuilder();
        for (String svc : SERVICES) for (String replica : replicas(svc))
            ready.append(replica).append('=').append(readyDuring.getOrDefault(replica, Set.of())).append(' ');
        String line = String.format("%-9s requests %5d  writes acknowledged %4d (registrations %d, accepts %d, attendance %d, declarations %d)"
                        + "  lost %d  duplicated %d  5xx %d (503+Retry-After %d)  4xx %d  outage %.1f s  drain %s s  readiness during: %s  %s",
                fault, requests, acked, registered.size(), accepted.size(), attended.size(), declared.size(), lost, duplicated, fivexx, unavailable,
                other4xx, secs(faultStart, recovered), drain.seconds == null ? "-" : String.format("%.1f", drain.seconds), ready.toString().strip(),
                failures.isEmpty() ? "PASS" : "FAIL");
        System.out.println(line);
        Files.writeString(out.resolve("summary.txt"), line + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        for (String n : notes) System.out.println("  note: " + n);
        int shown = 0;
        for (String f : failures) { if (shown++ < 25) System.out.println("  FAILED: " + f); }
        if (failures.size() > 25) System.out.println("  ... and " + (failures.size() - 25) + " more (ledger: " + out.resolve("ledger-" + fault + ".tsv") + ")");
        return failures.isEmpty();
    }

    // ---- small helpers ----------------------------------------------------------------------------------------------
    static final Pattern DATA_ID = Pattern.compile("\"data\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*\"([^\"]+)\"");
    static String dataId(String json) {
        Matcher m = DATA_ID.matcher(json == null ? "" : json);
        if (m.find()) return m.group(1);
        return field(json, "id");
    }

    static String field(String json, String name) {
        if (json == null) return null;
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static String path(String url) { return URI.create(url).getPath(); }
    static long ms() { return Duration.between(T0, Instant.now()).toMillis(); }
    static double secs(Instant a, Instant b) { return a == null || b == null ? 0 : Duration.between(a, b).toMillis() / 1000.0; }
    static void sleep(long ms) { try { Thread.sleep(ms); } catch (InterruptedException e) { Thread.currentThread().interrupt(); } }
    void say(String s) { System.out.printf("[%6.1f s] %s: %s%n", ms() / 1000.0, fault, s); }
    void note(String s) { notes.add(s); }
    static String env(String name, String fallback) { String v = System.getenv(name); return v == null || v.isBlank() ? fallback : v; }
}
