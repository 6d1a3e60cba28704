-- MySQL 8.4 / MariaDB 10.11 version of the H2 migration of the same number.
-- Vendor invoices as the operator sees them (processing group vendor-invoice-read-model, rebuilt by replay): one row
-- per invoice and currency, that is per Stripe invoice, with its state (issued, sent, overdue, paid, failed).
create table vendor_invoice (
    invoice_id        varchar(64)   not null,
    currency          char(3)       not null,
    vendor_id         varchar(63)   not null,
    period_end_us     bigint        not null,
    issued_at_us      bigint        not null,
    due_at_us         bigint        not null,
    total_minor       bigint        not null,
    sale_count        integer       not null,
    deduction_count   integer       not null,
    state             varchar(16)   not null,
    stripe_invoice_id varchar(255),
    sent_at_us        bigint,
    overdue_at_us     bigint,
    paid_at_us        bigint,
    failed_at_us      bigint,
    detail            varchar(1000),
    primary key (invoice_id, currency)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;
create index ix_vendor_invoice_state on vendor_invoice (state, due_at_us);
create index ix_vendor_invoice_vendor on vendor_invoice (vendor_id, issued_at_us);
-- What each line covers: its sales (refund_id empty) and the refunds deducted from it.
create table vendor_invoice_item (
    invoice_id   varchar(64)  not null,
    currency     char(3)      not null,
    sale_key     varchar(200) not null,
    refund_id    varchar(128) not null,
    amount_minor bigint       not null,
    primary key (invoice_id, currency, sale_key, refund_id)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;
-- When a customer's rebate on a sale was invoiced to its vendor (statement state INVOICED until funded).
alter table customer_statement_line add column invoiced_at_us bigint;
