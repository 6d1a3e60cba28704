package org.ristourne.broker.config;

/**
 * Which event streams may have snapshots, declared by the configuration of each aggregate that takes them. Loading an
 * aggregate otherwise asks the snapshot table first every time: for a sale's book, created by its first booking, that
 * was one query per sale for a table that never holds its rows. Skipping the read is always safe: an aggregate is then
 * rebuilt from its full stream, which the store keeps whole.
 */
@FunctionalInterface
public interface SnapshottedStreams {

    boolean mayHaveSnapshot(String aggregateIdentifier);
}
