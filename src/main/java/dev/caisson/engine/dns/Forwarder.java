package dev.caisson.engine.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;

/**
 * Sends the queries the embedded DNS does not answer to the upstream name servers, from the
 * host's network namespace, with Docker's rules: over the protocol the client used (a
 * truncated UDP answer goes back truncated, and the client retries over TCP), servers tried in
 * order, each for up to 4 s, a SERVFAIL or REFUSED answer moves on to the next, and when none
 * answers the client gets SERVFAIL. At most 1024 queries are in flight; beyond that the answer
 * is REFUSED. dnsjava's client does the I/O on its own selector thread.
 */
final class Forwarder {
    static final Duration TIMEOUT = Duration.ofSeconds(4);
    private static final int MAX_IN_FLIGHT = 1024;
    private static final Executor DIRECT = Runnable::run;

    private final Map<String, SimpleResolver> resolvers = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Duration timeout;

    Forwarder(Duration timeout) {
        this.timeout = timeout;
    }

    /** Completes with the answer to send back (the client's id restored), never exceptionally. */
    CompletableFuture<Message> forward(Message query, boolean tcp, List<InetSocketAddress> servers) {
        if (servers.isEmpty()) {
            return CompletableFuture.completedFuture(Answers.reply(query, Rcode.SERVFAIL));
        }
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            return CompletableFuture.completedFuture(Answers.reply(query, Rcode.REFUSED));
        }
        int clientId = query.getHeader().getID();
        Message out = query.clone();
        // a fresh id: queries of different containers may share ids and dnsjava's TCP client
        // matches answers by id on a shared connection
        out.getHeader().setID(ThreadLocalRandom.current().nextInt(0x10000));
        CompletableFuture<Message> result = new CompletableFuture<>();
        attempt(out, tcp, servers, 0, result);
        return result.thenApply(answer -> {
            inFlight.decrementAndGet();
            Message a = answer != null ? answer : Answers.reply(query, Rcode.SERVFAIL);
            a.getHeader().setID(clientId);
            return a;
        });
    }

    private void attempt(Message query, boolean tcp, List<InetSocketAddress> servers, int index,
            CompletableFuture<Message> result) {
        if (index >= Math.min(servers.size(), HostResolvers.MAX_SERVERS)) {
            result.complete(null);
            return;
        }
        resolver(servers.get(index), tcp).sendAsync(query, DIRECT).whenComplete((answer, error) -> {
            if (error == null && answer.getRcode() != Rcode.SERVFAIL && answer.getRcode() != Rcode.REFUSED) {
                result.complete(answer);
            } else {
                attempt(query, tcp, servers, index + 1, result);
            }
        });
    }

    private SimpleResolver resolver(InetSocketAddress server, boolean tcp) {
        return resolvers.computeIfAbsent(server + (tcp ? "/tcp" : "/udp"), k -> {
            SimpleResolver r = new SimpleResolver(server);
            r.setTCP(tcp);
            r.setIgnoreTruncation(true); // the client decides whether to retry over TCP
            r.setTimeout(timeout);
            return r;
        });
    }
}
