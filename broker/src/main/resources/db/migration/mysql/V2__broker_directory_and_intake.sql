-- MySQL 8.4 / MariaDB 10.11 version of the H2 migration of the same number.
-- Directory: what aggregates' rules must know of other aggregates, kept in the command's own transaction.
-- Instants are epoch microseconds (UTC by definition), identical on every database and time zone.
create table directory_vendor (
    vendor_id       varchar(63)  not null primary key,
    display_name    varchar(200) not null,
    suspended       boolean      not null,
    onboarded_at_us bigint       not null
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;

create table directory_agreement (
    vendor_id          varchar(63)  not null,
    version            integer      not null,
    effective_from_us  bigint       not null,
    share_bps          integer      not null,
    broker_fee_bps     integer      not null,
    hold_days          integer      not null,
    default_margin_bps integer,
    currencies         varchar(400) not null,
    primary key (vendor_id, version)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;

create table directory_customer (
    customer_id      varchar(128) not null primary key,
    registered_at_us bigint       not null
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;

create table directory_subscription_period (
    id              bigint not null auto_increment primary key,
    customer_id     varchar(128) not null,
    active_from_us  bigint       not null,
    active_until_us bigint       not null
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;
create index ix_subscription_customer on directory_subscription_period (customer_id, active_from_us);

create table directory_relationship (
    customer_ref    varchar(40)  not null primary key,
    relationship_id varchar(128) not null,
    customer_id     varchar(128) not null,
    vendor_id       varchar(63)  not null,
    open_pair       varchar(200),
    opened_at_us    bigint       not null,
    ended_at_us     bigint,
    constraint uk_relationship_id unique (relationship_id),
    constraint uk_relationship_open_pair unique (open_pair)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;

-- The catalogue: offers vendors publish, which customers consult when they choose to.
create table catalogue_offer (
    vendor_id       varchar(63)   not null,
    offer_id        varchar(128)  not null,
    title           varchar(200)  not null,
    description     varchar(5000) not null,
    price_minor     bigint,
    price_currency  char(3),
    published_at_us bigint        not null,
    primary key (vendor_id, offer_id)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;

-- Vendor webhook signing secrets. Kept out of the event store: events are forever, secrets must be forgettable.
create table vendor_webhook_secret (
    secret_id      varchar(64)  not null primary key,
    vendor_id      varchar(63)  not null,
    secret         varchar(200) not null,
    created_at_us  bigint       not null,
    valid_until_us bigint
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;
create index ix_webhook_secret_vendor on vendor_webhook_secret (vendor_id);

-- Intake idempotency: one row per accepted delivery, per reported sale and per refund. Written in the same
-- transaction as the events, so a 2xx means all of them are stored, and a rejection stores none.
create table webhook_delivery (
    vendor_id      varchar(63)  not null,
    webhook_id     varchar(128) not null,
    content_hash   char(64)     not null,
    received_at_us bigint       not null,
    primary key (vendor_id, webhook_id)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;

create table sale_intake (
    vendor_id      varchar(63)  not null,
    vendor_sale_id varchar(128) not null,
    currency       char(3)      not null,
    content_hash   char(64)     not null,
    received_at_us bigint       not null,
    primary key (vendor_id, vendor_sale_id)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;

create table refund_intake (
    vendor_id      varchar(63)  not null,
    refund_id      varchar(128) not null,
    vendor_sale_id varchar(128) not null,
    content_hash   char(64)     not null,
    received_at_us bigint       not null,
    primary key (vendor_id, refund_id)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;

-- db-scheduler: the persistent scheduler behind Axon deadlines (a sale's hold ending), shared by all nodes.
create table scheduled_tasks (
    task_name            varchar(100) not null,
    task_instance        varchar(100) not null,
    task_data            longblob,
    execution_time       datetime(6) not null,
    picked               boolean      not null,
    picked_by            varchar(50),
    last_success         datetime(6),
    last_failure         datetime(6),
    consecutive_failures integer,
    last_heartbeat       datetime(6),
    version              bigint       not null,
    priority             smallint,
    primary key (task_name, task_instance)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;
create index ix_scheduled_tasks_execution_time on scheduled_tasks (execution_time);
create index ix_scheduled_tasks_last_heartbeat on scheduled_tasks (last_heartbeat);
create index ix_scheduled_tasks_priority on scheduled_tasks (priority desc, execution_time asc);
