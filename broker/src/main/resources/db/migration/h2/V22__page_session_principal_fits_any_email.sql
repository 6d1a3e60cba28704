-- A page session is indexed by its principal's name, which is the customer's or vendor user's email (up to 254
-- characters, as the forms accept). Spring Session's stock 100 refused longer ones after the account was created.
alter table SPRING_SESSION alter column PRINCIPAL_NAME varchar(320);
