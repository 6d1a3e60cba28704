-- Axon Framework 4.13 JPA storage for MySQL 8.4 and MariaDB 10.11.
-- global_index is AUTO_INCREMENT (see META-INF/orm.xml) so that indexes follow commit order across nodes.
-- Payloads, metadata and tokens are LONGBLOB: Hibernate's default BLOB stops at 64 KiB.

create table domain_event_entry (
    global_index         bigint       not null auto_increment,
    sequence_number      bigint       not null,
    aggregate_identifier varchar(255) not null,
    event_identifier     varchar(255) not null,
    payload_revision     varchar(255),
    payload_type         varchar(255) not null,
    time_stamp           varchar(255) not null,
    type                 varchar(255),
    meta_data            longblob,
    payload              longblob     not null,
    primary key (global_index),
    constraint uk_domain_event_identifier unique (event_identifier),
    constraint uk_domain_event_aggregate_sequence unique (aggregate_identifier, sequence_number)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;

create table snapshot_event_entry (
    sequence_number      bigint       not null,
    aggregate_identifier varchar(255) not null,
    event_identifier     varchar(255) not null,
    payload_revision     varchar(255),
    payload_type         varchar(255) not null,
    time_stamp           varchar(255) not null,
    type                 varchar(255) not null,
    meta_data            longblob,
    payload              longblob     not null,
    primary key (sequence_number, aggregate_identifier, type),
    constraint uk_snapshot_event_identifier unique (event_identifier)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;

create table token_entry (
    segment        integer      not null,
    owner          varchar(255),
    processor_name varchar(255) not null,
    timestamp      varchar(255) not null,
    token_type     varchar(255),
    token          longblob,
    primary key (segment, processor_name)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;

create table saga_entry (
    revision        varchar(255),
    saga_id         varchar(255) not null,
    saga_type       varchar(255),
    serialized_saga longblob,
    primary key (saga_id)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;

create table association_value_entry (
    id                bigint       not null auto_increment,
    association_key   varchar(255) not null,
    association_value varchar(255),
    saga_id           varchar(255) not null,
    saga_type         varchar(255),
    primary key (id),
    index ix_association_type_key_value (saga_type, association_key, association_value),
    index ix_association_saga (saga_id, saga_type)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;

create table dead_letter_entry (
    enqueued_at          datetime(6)  not null,
    last_touched         datetime(6),
    processing_started   datetime(6),
    sequence_index       bigint       not null,
    sequence_number      bigint,
    cause_message        varchar(1023),
    aggregate_identifier varchar(255),
    cause_type           varchar(255),
    dead_letter_id       varchar(255) not null,
    event_identifier     varchar(255) not null,
    message_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload_type         varchar(255) not null,
    processing_group     varchar(255) not null,
    sequence_identifier  varchar(255) not null,
    time_stamp           varchar(255) not null,
    token_type           varchar(255),
    type                 varchar(255),
    diagnostics          longblob,
    meta_data            longblob,
    payload              longblob     not null,
    token                longblob,
    primary key (dead_letter_id),
    constraint uk_dead_letter_sequence unique (processing_group, sequence_identifier, sequence_index),
    index ix_dead_letter_group (processing_group),
    index ix_dead_letter_group_sequence (processing_group, sequence_identifier)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;
