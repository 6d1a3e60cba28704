-- MySQL 8.4 / MariaDB 10.11 version of the H2 migration of the same number.
-- The customer as Stripe knows them: which Stripe customer, and the currency of their subscription, the only
-- currency their rebates are credited in. Filled by the subscription flow; read by the payout policy and saga.
create table billing_customer (
    customer_id        varchar(128) not null,
    stripe_customer_id varchar(255) not null,
    currency           char(3)      not null,
    primary key (customer_id)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;
