-- Issue 12, customers sign in. Personal data (email, name) lives here and only here, never in events, so that erasing
-- a customer can delete it. The password is a DelegatingPasswordEncoder hash ("{bcrypt}…"); failed_sign_ins and
-- locked_until_us throttle guessing on every node, since all nodes share this table.
create table customer_account (
    customer_id      varchar(128) not null primary key,
    email            varchar(254) not null,
    display_name     varchar(200) not null,
    password_hash    varchar(500) not null,
    created_at_us    bigint       not null,
    failed_sign_ins  int          default 0 not null,
    locked_until_us  bigint
);
create unique index ux_customer_account_email on customer_account (email);

-- Spring Session JDBC's tables (its own schema for MySQL): page sessions shared by every node.
create table SPRING_SESSION (
    PRIMARY_ID            char(36)     not null,
    SESSION_ID            char(36)     not null,
    CREATION_TIME         bigint       not null,
    LAST_ACCESS_TIME      bigint       not null,
    MAX_INACTIVE_INTERVAL int          not null,
    EXPIRY_TIME           bigint       not null,
    PRINCIPAL_NAME        varchar(100),
    constraint SPRING_SESSION_PK primary key (PRIMARY_ID)
) engine = InnoDB row_format = dynamic;
create unique index SPRING_SESSION_IX1 on SPRING_SESSION (SESSION_ID);
create index SPRING_SESSION_IX2 on SPRING_SESSION (EXPIRY_TIME);
create index SPRING_SESSION_IX3 on SPRING_SESSION (PRINCIPAL_NAME);

create table SPRING_SESSION_ATTRIBUTES (
    SESSION_PRIMARY_ID char(36)     not null,
    ATTRIBUTE_NAME     varchar(200) not null,
    ATTRIBUTE_BYTES    blob         not null,
    constraint SPRING_SESSION_ATTRIBUTES_PK primary key (SESSION_PRIMARY_ID, ATTRIBUTE_NAME),
    constraint SPRING_SESSION_ATTRIBUTES_FK foreign key (SESSION_PRIMARY_ID) references SPRING_SESSION (PRIMARY_ID)
        on delete cascade
) engine = InnoDB row_format = dynamic;
