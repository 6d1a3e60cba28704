package org.ristourne.broker.see.operations.attention;

import java.time.Duration;

/** A lag as the operator reads it at a glance: "2 h 5 min", "1 min 30 s", "4 s"; the units read alike in French. */
public final class Durations {

    public String text(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 1) {
            return "0 s";
        }
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            return minutes == 0 ? hours + " h" : hours + " h " + minutes + " min";
        }
        if (minutes > 0) {
            return rest == 0 ? minutes + " min" : minutes + " min " + rest + " s";
        }
        return rest + " s";
    }
}
