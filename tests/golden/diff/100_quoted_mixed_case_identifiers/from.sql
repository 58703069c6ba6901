CREATE SCHEMA "Sales";
CREATE TABLE "Sales"."Customer" ("CustomerId" integer PRIMARY KEY, "FullName" text NOT NULL);
