-- Issue 10, subscribing through Stripe and the statement's "credited" state.

-- The Stripe Customer made for a customer when their first checkout started, before any checkout completed (then
-- billing_customer has them with the subscription's currency): the next checkout reuses it.
create table stripe_customer (
    customer_id        varchar(128) not null,
    stripe_customer_id varchar(255) not null,
    created_at_us      bigint       not null,
    primary key (customer_id)
);

-- Each Stripe subscription's state as its latest event told it (customer.subscription.created/updated/deleted);
-- event_created_at_us is Stripe's `created` of that event, so an older event arriving later changes nothing.
create table billing_subscription (
    stripe_subscription_id  varchar(255) not null,
    customer_id             varchar(128) not null,
    stripe_customer_id      varchar(255) not null,
    status                  varchar(32)  not null,
    current_period_start_us bigint,
    current_period_end_us   bigint,
    cancel_at_period_end    boolean      not null,
    event_created_at_us     bigint       not null,
    event_id                varchar(255) not null,
    primary key (stripe_subscription_id)
);
create index ix_billing_subscription_customer on billing_subscription (customer_id);

-- Read model (ledger-read-models, rebuilt by replay): which Stripe invoice consumed how much of which credited payout
-- line, oldest payouts first. payout_id = sale_key = '' holds credit an invoice consumed that no payout line
-- (projected yet) explains; it is attributed when the next payout lines arrive.
create table credit_application (
    stripe_invoice_id varchar(255) not null,
    payout_id         varchar(255) not null,
    sale_key          varchar(200) not null,
    customer_id       varchar(128) not null,
    currency          char(3)      not null,
    amount_minor      bigint       not null,
    applied_at_us     bigint       not null,
    primary key (stripe_invoice_id, payout_id, sale_key)
);
create index ix_credit_application_customer on credit_application (customer_id, currency);
create index ix_credit_application_line on credit_application (payout_id, sale_key);

-- When a payout line was allocated (its event's time): the order in which invoices consume credited payouts.
alter table payout_line add column allocated_at_us bigint default 0 not null;

-- The Stripe invoice that consumed a CREDITED line's credit (the last one, if several shared it), and its date; null
-- while the credit waits for the customer's next invoice.
alter table customer_statement_line add column credited_invoice_id varchar(255);
alter table customer_statement_line add column credited_at_us bigint;
