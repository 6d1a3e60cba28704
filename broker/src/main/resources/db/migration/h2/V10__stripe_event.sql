-- Each Stripe webhook event once, with what it did here (outcome), written in the same transaction as its effects, so
-- a redelivered event changes nothing and an event we could not act on is kept and explained rather than lost.
-- raw_object is kept only while an event waits for something to arrive first (an invoice paid before its checkout
-- completed); it is cleared once the event has been acted on.
create table stripe_event (
    event_id           varchar(255)  not null,
    type               varchar(255)  not null,
    object_id          varchar(255),
    stripe_customer_id varchar(255),
    customer_id        varchar(128),
    created_at_us      bigint        not null,
    received_at_us     bigint        not null,
    outcome            varchar(64)   not null,
    detail             varchar(1000),
    raw_object         clob,
    primary key (event_id)
);
create index ix_stripe_event_waiting on stripe_event (stripe_customer_id, outcome);
-- The webhook finds our customer by their Stripe customer id.
create index ix_billing_customer_stripe on billing_customer (stripe_customer_id);
