-- Which sales each payout covered, and how much of each, so that a failed payout gives back only its own lines
-- (issue 9, defect 5). Rebuilt by replay with the rest of the ledger's read models.
create table payout_line (
    payout_id    varchar(255) not null,
    sale_key     varchar(200) not null,
    customer_id  varchar(128) not null,
    currency     char(3)      not null,
    amount_minor bigint       not null,
    reversed     boolean      not null,
    primary key (payout_id, sale_key)
);
create index ix_payout_line_sale on payout_line (sale_key);

-- How much of a statement line's rebate payouts have covered, net of failed ones: the line is PAID once it covers
-- what still stands.
alter table customer_statement_line add column paid_minor bigint default 0 not null;
