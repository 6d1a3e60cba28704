-- MySQL 8.4 / MariaDB 10.11 version of the H2 migration of the same number.
-- The rank of a statement line's state was written and never read: the state itself says it.
alter table customer_statement_line drop column state_rank;
