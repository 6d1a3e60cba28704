-- MySQL 8.4 / MariaDB 10.11 version of the H2 migration of the same number.
-- Cash payouts through Stripe Connect (issue 10): the customer's connected account (acct_…), set by the operator;
-- a customer without one is paid by credit. Onboarding customers to Connect is not part of Ristourne yet.
alter table billing_customer add column connected_account_id varchar(255) null;

-- How each settled payout left (CREDIT or CASH), from billing's PayoutSettled, so the statement tells cash-paid lines
-- from credited ones. Rebuilt by replay with the rest of the ledger's read models.
create table payout_method (
    payout_id   varchar(255) not null,
    customer_id varchar(128) not null,
    method      varchar(8)   not null,
    primary key (payout_id)
) engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin;
