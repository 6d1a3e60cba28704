-- The customer as Stripe knows them: which Stripe customer, and the currency of their subscription, the only
-- currency their rebates are credited in. Filled by the subscription flow; read by the payout policy and saga.
create table billing_customer (
    customer_id        varchar(128) not null,
    stripe_customer_id varchar(255) not null,
    currency           char(3)      not null,
    primary key (customer_id)
);
