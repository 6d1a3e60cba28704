-- MySQL 8.4 / MariaDB 10.11 version of the H2 migration of the same number.
-- Broker nodes sharing this database, by heartbeat: how many are live decides each node's share of the event
-- processors' segments (see SegmentBalancer). node_id is the owner name Axon writes into token_entry.
create table broker_node (
    node_id         varchar(255) not null primary key,
    started_at_us   bigint       not null,
    heartbeat_at_us bigint       not null
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;
