-- The rank of a statement line's state was written and never read: the state itself says it.
alter table customer_statement_line drop column state_rank;
