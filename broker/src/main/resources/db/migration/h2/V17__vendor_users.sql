-- Issue 13, vendors sign in to their console. One or more users per vendor, created by the operator. Personal data
-- (email, name) lives here, never in events. An email is either a customer's or a vendor user's, never both: the sign-in
-- form has one email field (checked when either is created).
create table vendor_user (
    user_id          varchar(64)  not null primary key,
    vendor_id        varchar(64)  not null,
    email            varchar(254) not null,
    display_name     varchar(200) not null,
    password_hash    varchar(500) not null,
    created_at_us    bigint       not null,
    failed_sign_ins  int          default 0 not null,
    locked_until_us  bigint
);
create unique index ux_vendor_user_email on vendor_user (email);
create index ix_vendor_user_vendor on vendor_user (vendor_id);
