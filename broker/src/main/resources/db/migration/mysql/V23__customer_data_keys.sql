-- Crypto-shredding (issue 14, privacy): each customer's personal data in events (sale line descriptions) is sealed
-- with a random AES-256 key of their own, kept here, itself encrypted with the broker's secrets key (SecretCipher,
-- "v1:<key-id>:..."). Erasing the customer clears key_ciphertext and sets erased_at_us: from then on nothing can read
-- those fields, replays included, while amounts, dates and ids stay in clear in the events.
create table customer_data_key (
    customer_id     varchar(128) not null primary key,
    key_ciphertext  varchar(200),
    created_at_us   bigint       not null,
    erased_at_us    bigint
);

-- A sale's content hash covers its line descriptions: with every other field in clear in the events, it would
-- confirm a guessed description of an erased customer. Erasure overwrites it for the customer's sales, found by
-- their customerRef (null on rows older than this migration, which are found through the statement instead).
alter table sale_intake add column customer_ref varchar(40);
create index ix_sale_intake_customer_ref on sale_intake (customer_ref);
