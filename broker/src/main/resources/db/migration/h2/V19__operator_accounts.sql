-- Issue 14, named operator accounts instead of one shared password. The first comes from configuration
-- (RISTOURNE_OPERATOR_PASSWORD) on a first start; operators create the others and disable them (never deleted, so the
-- logs' names stay traceable). password_hash is a DelegatingPasswordEncoder hash ("{bcrypt}…"); failed_sign_ins and
-- locked_until_us lock an account after failures in a row on every node, as customer_account's do.
create table operator_account (
    name             varchar(64)  not null primary key,
    password_hash    varchar(500) not null,
    created_at_us    bigint       not null,
    created_by       varchar(64),
    disabled         boolean      default false not null,
    failed_sign_ins  int          default 0 not null,
    locked_until_us  bigint
);
