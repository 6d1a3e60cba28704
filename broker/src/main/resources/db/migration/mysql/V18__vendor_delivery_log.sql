-- Issue 13, the vendor console's delivery log: the outcome of every delivery that passed the signature check
-- (recorded, duplicate, refused with its problem type and detail), so that a vendor's developer can see what became
-- of each report. Never written for unsigned or wrongly signed requests. It holds no business state: nothing reads it
-- to decide anything, and the purge keeps it bounded (the newest rows per vendor, and none older than a set age).
create table vendor_delivery (
    delivery_id    bigint       not null auto_increment primary key,
    vendor_id      varchar(63)  not null,
    webhook_id     varchar(128) not null,
    event_type     varchar(16)  not null,
    outcome        varchar(16)  not null,
    http_status    int          not null,
    problem_type   varchar(64),
    detail         varchar(500),
    received_at_us bigint       not null,
    index ix_vendor_delivery_vendor (vendor_id, delivery_id),
    index ix_vendor_delivery_received (received_at_us)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;
