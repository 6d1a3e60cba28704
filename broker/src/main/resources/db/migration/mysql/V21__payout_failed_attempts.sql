-- Payouts being retried because Stripe does not answer (PayoutAttemptFailed): how many attempts failed and when the
-- next one is due, so the customer's page can say "delayed" instead of "under way". Read model, rebuilt by replay.
alter table payout add column failed_attempts int default 0 not null;
alter table payout add column next_attempt_at_us bigint;
