-- Where each vendor's invoices are emailed (BillingEmailSet), for the vendor-invoicing saga when it makes the vendor's
-- Stripe customer. Kept with the rest of the directory in the setting command's transaction.
alter table directory_vendor add column billing_email varchar(254);
