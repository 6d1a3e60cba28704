-- MySQL 8.4 / MariaDB 10.11 version of the H2 migration of the same number.
-- Posting ids are length-prefixed parts (see PostingId): the longest the broker can derive is a refund of a sale with
-- a 63-character vendor id and 128-character sale and refund ids, 345 characters; PostingId allows 512 (2,048 bytes
-- in utf8mb4, within InnoDB's 3,072-byte key limit with the entry number).
-- Two dates per entry: the effective date is the vendor's (when the sale completed or was refunded), the booking date
-- is when Ristourne recorded the posting (the PostingRecorded event's timestamp, the same on every replay). Period
-- reports go by the booking date, so a late report never rewrites a period already closed. Rows entered before this
-- migration take their effective date as booking date until the read models are replayed.
alter table ledger_entry
    modify posting_id varchar(512) not null,
    modify reverses varchar(512),
    change posted_at_us effective_at_us bigint not null,
    add column booked_at_us bigint;
update ledger_entry set booked_at_us = effective_at_us;
alter table ledger_entry modify booked_at_us bigint not null;
drop index ix_ledger_entry_posted on ledger_entry;
create index ix_ledger_entry_booked on ledger_entry (account_type, booked_at_us);
