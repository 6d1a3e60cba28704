-- Every payout and where it stands, for the operator: requested (waiting on Stripe), settled, abandoned (the rebate is
-- payable again) or failed after settlement. Rebuilt by replay with the rest of the ledger's read models.
create table payout (
    payout_id        varchar(255)  not null primary key,
    customer_id      varchar(128)  not null,
    currency         char(3)       not null,
    amount_minor     bigint        not null,
    state            varchar(20)   not null,
    requested_at_us  bigint        not null,
    settled_at_us    bigint,
    abandoned_at_us  bigint,
    failed_at_us     bigint,
    reason           varchar(1000)
);
create index ix_payout_state on payout (state, requested_at_us);
create index ix_payout_customer on payout (customer_id, requested_at_us);
