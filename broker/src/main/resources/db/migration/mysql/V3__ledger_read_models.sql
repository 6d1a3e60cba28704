-- MySQL 8.4 / MariaDB 10.11 version of the H2 migration of the same number.
-- Ledger read models, rebuilt from the event store by replay (processing group ledger-read-models).

-- One row per posting entry: balances, vendor statements and fee reports are sums over it.
create table ledger_entry (
    posting_id   varchar(255) not null,
    entry_no     integer      not null,
    account_type varchar(40)  not null,
    owner        varchar(200) not null,
    currency     char(3)      not null,
    amount_minor bigint       not null,
    reason       varchar(30)  not null,
    posted_at_us bigint       not null,
    sale_key     varchar(200),
    reverses     varchar(255),
    primary key (posting_id, entry_no)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;
create index ix_ledger_entry_account on ledger_entry (owner, account_type, currency);
create index ix_ledger_entry_posted on ledger_entry (account_type, posted_at_us);

-- What a customer sees per sale.
create table customer_statement_line (
    sale_key          varchar(200) not null primary key,
    customer_id       varchar(128) not null,
    vendor_id         varchar(63)  not null,
    vendor_sale_id    varchar(128) not null,
    currency          char(3)      not null,
    amount_minor      bigint       not null,
    margin_minor      bigint       not null,
    share_bps         integer      not null,
    broker_fee_bps    integer      not null,
    refunded_minor    bigint       not null,
    rebate_minor      bigint       not null,
    state             varchar(20)  not null,
    state_rank        integer      not null,
    completed_at_us   bigint       not null,
    confirmable_at_us bigint       not null
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;
create index ix_statement_customer on customer_statement_line (customer_id, completed_at_us);

-- What customers paid for their subscription, for "investment recovered".
create table subscription_payment (
    customer_id     varchar(128) not null,
    active_from_us  bigint       not null,
    active_until_us bigint       not null,
    currency        char(3)      not null,
    amount_minor    bigint       not null,
    primary key (customer_id, active_from_us, active_until_us)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;
