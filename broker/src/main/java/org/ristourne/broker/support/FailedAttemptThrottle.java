package org.ristourne.broker.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests refused before they proved who sent them (no or a wrong signature, an unknown vendor, malformed headers),
 * counted per source on this node: a token bucket per source, {@code burst} failures at once and {@code perMinute}
 * after that. A source without a token left is refused before anything is looked up, so a flood of forged requests
 * costs no database query once it is past the burst. Sources that never fail are never tracked, and correct requests
 * take no token: a vendor that signs correctly is only slowed if it shares its address with the flood.
 *
 * <p>A source is the client's IPv4 address, or the /64 prefix of its IPv6 address (one IPv6 host usually holds a
 * whole /64, so counting addresses would let it spread a flood over 2^64 of them). Memory is bounded: at most
 * {@code maxSources} sources, the one that failed or was refused least recently forgotten first; a flood from more
 * sources than that is then only slowed, no longer stopped, and the log says so.
 *
 * <p>The log gets one WARN line when a source starts being throttled and one INFO line, with the number of requests
 * refused meanwhile, when it is forgiven (its bucket full again): never a line per refused request, nor one per failure
 * the source earns back while it keeps on. Across sources at most {@value #LINES_PER_MINUTE} such lines a minute; the
 * next line says how many were left out, so a flood from many sources cannot flood the log.
 */
public final class FailedAttemptThrottle {

    private static final Logger log = LoggerFactory.getLogger(FailedAttemptThrottle.class);
    private static final long NANOS_PER_MINUTE = 60_000_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Forgetting throttled sources is logged at most this often: a distributed flood forgets thousands a second. */
    private static final long FORGET_LOG_INTERVAL_NANOS = NANOS_PER_MINUTE;
    /** Longer is no address: a proxy passed something odd along, which is then its own source, cut to this length. */
    private static final int LONGEST_SOURCE = 64;
    static final int LINES_PER_MINUTE = 10;

    private final int burst;
    private final double tokensPerNano;
    private final int maxSources;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets;
    private long throttledForgotten;
    private long forgottenLoggedAt;
    private long episodes;
    private long linesWindowStart;
    private int linesInWindow;
    private long linesLeftOut;

    /**
     * @param burst      failures a source may have at once
     * @param perMinute  failures a source may have per minute after its burst
     * @param maxSources sources remembered at most
     * @param nanoTime   a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    public FailedAttemptThrottle(int burst, int perMinute, int maxSources, LongSupplier nanoTime) {
        if (burst < 1 || perMinute < 1 || maxSources < 1) {
            throw new IllegalArgumentException("the burst, the rate per minute and the number of sources kept must "
                    + "each be at least 1, not " + burst + ", " + perMinute + ", " + maxSources);
        }
        this.burst = burst;
        this.tokensPerNano = perMinute / (double) NANOS_PER_MINUTE;
        this.maxSources = maxSources;
        this.nanoTime = nanoTime;
        this.forgottenLoggedAt = nanoTime.getAsLong() - FORGET_LOG_INTERVAL_NANOS;
        this.linesWindowStart = nanoTime.getAsLong();
        this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                if (size() <= FailedAttemptThrottle.this.maxSources) {
                    return false;
                }
                if (eldest.getValue().throttled) {
                    forgetThrottled();
                }
                return true;
            }
        };
    }

    /**
     * Whether the source may try now: 0 when it may, otherwise the whole seconds (at least 1) until it has a failure
     * to spend again, for {@code Retry-After}.
     */
    public synchronized long secondsToWait(String address) {
        String source = source(address);
        Bucket bucket = buckets.get(source);
        if (bucket == null) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        refill(bucket, now);
        if (bucket.tokens >= burst) {
            // forgiven: a full bucket tells nothing the absence of one does not
            buckets.remove(source);
            if (bucket.throttled && mayLog(now)) {
                log.info("Webhook requests from {} no longer throttled: {} refused while it was throttled{}",
                        source, bucket.refused, leftOut());
            }
            return 0;
        }
        if (bucket.tokens >= 1) {
            return 0;
        }
        bucket.refused++;
        return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / tokensPerNano / NANOS_PER_SECOND));
    }

    /** The source's request was refused before it proved who sent it. */
    public synchronized void failed(String address) {
        String source = source(address);
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(source, key -> new Bucket(burst, now));
        refill(bucket, now);
        bucket.tokens = Math.max(0, bucket.tokens - 1);
        if (bucket.tokens < 1 && !bucket.throttled) {
            bucket.throttled = true;
            episodes++;
            if (!mayLog(now)) {
                return;
            }
            log.warn("Webhook requests from {} throttled: more than {} at once or {} a minute refused for a missing "
                    + "or wrong signature, an unknown vendor or malformed headers; answered 429 without a look-up "
                    + "until it may fail again. If this is your proxy, set RISTOURNE_TRUSTED_PROXIES (docs/api.md){}",
                    source, burst, Math.round(tokensPerNano * NANOS_PER_MINUTE), leftOut());
        }
    }

    /** Sources that started being throttled so far: each is one episode, logged once. */
    synchronized long episodes() {
        return episodes;
    }

    private boolean mayLog(long now) {
        if (now - linesWindowStart >= NANOS_PER_MINUTE) {
            linesWindowStart = now;
            linesInWindow = 0;
        }
        if (linesInWindow < LINES_PER_MINUTE) {
            linesInWindow++;
            return true;
        }
        linesLeftOut++;
        return false;
    }

    private String leftOut() {
        if (linesLeftOut == 0) {
            return "";
        }
        String note = " (" + linesLeftOut + " lines like this one about other sources were left out)";
        linesLeftOut = 0;
        return note;
    }

    /** Sources remembered now, for tests and metrics. */
    public synchronized int sources() {
        return buckets.size();
    }

    private void refill(Bucket bucket, long now) {
        // capped at the burst, so a source idle for a year is not owed a year of failures
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.refilledAt) * tokensPerNano);
        bucket.refilledAt = now;
    }

    private void forgetThrottled() {
        throttledForgotten++;
        long now = nanoTime.getAsLong();
        if (now - forgottenLoggedAt >= FORGET_LOG_INTERVAL_NANOS) {
            log.warn("More than {} sources of failed webhook requests at once on this node: {} throttled sources "
                    + "forgotten so far, the least recent first; a flood from this many sources is slowed, no "
                    + "longer stopped", maxSources, throttledForgotten);
            forgottenLoggedAt = now;
        }
    }

    /**
     * The key a client address is counted under: an IPv4 address as it is, an IPv6 address by its first four groups
     * (its /64), an IPv4-mapped IPv6 address as the IPv4 address it maps. Parsed by hand: resolving the text could
     * ask DNS, and what a trusted proxy forwards is text.
     */
    static String source(String address) {
        String text = address.strip();
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        text = text.toLowerCase(Locale.ROOT);
        if (text.indexOf(':') < 0) {
            return cut(text);
        }
        if (text.startsWith("::ffff:") && text.indexOf('.') > 0) {
            return cut(text.substring("::ffff:".length()));
        }
        List<String> groups = ipv6Groups(text);
        if (groups == null) {
            return cut(text);
        }
        StringBuilder prefix = new StringBuilder();
        for (String group : groups.subList(0, 4)) {
            prefix.append(Integer.toHexString(Integer.parseInt(group, 16))).append(':');
        }
        return prefix.append(":/64").toString();
    }

    /** The groups of an IPv6 address with "::" expanded (an embedded IPv4 address stays one); null if it is none. */
    private static List<String> ipv6Groups(String text) {
        String[] halves = text.split("::", -1);
        if (halves.length > 2) {
            return null;
        }
        List<String> head = groupsOf(halves[0]);
        List<String> tail = halves.length == 2 ? groupsOf(halves[1]) : List.of();
        int width = width(head) + width(tail);
        if (halves.length == 1 ? width != 8 : width > 7) {
            return null;
        }
        List<String> groups = new ArrayList<>(head);
        for (int zeros = halves.length == 2 ? 8 - width : 0; zeros > 0; zeros--) {
            groups.add("0");
        }
        groups.addAll(tail);
        for (String group : groups.subList(0, 4)) {
            if (!group.matches("[0-9a-f]{1,4}")) {
                return null;
            }
        }
        return groups;
    }

    private static List<String> groupsOf(String part) {
        return part.isEmpty() ? List.of() : List.of(part.split(":", -1));
    }

    /** An embedded IPv4 address (a.b.c.d) takes the place of two groups. */
    private static int width(List<String> groups) {
        return groups.size() + (groups.isEmpty() || groups.get(groups.size() - 1).indexOf('.') < 0 ? 0 : 1);
    }

    private static String cut(String text) {
        return text.length() > LONGEST_SOURCE ? text.substring(0, LONGEST_SOURCE) : text;
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;
        private boolean throttled;
        private long refused;

        Bucket(int burst, long now) {
            this.tokens = burst;
            this.refilledAt = now;
        }
    }
}
