CREATE SCHEMA "Sales";
CREATE TYPE "Sales"."Tier" AS ENUM ('Gold', 'Silver');
CREATE TABLE "Sales"."Customer" (
    "CustomerId" integer PRIMARY KEY,
    "FullName" varchar(200) NOT NULL,
    "Tier" "Sales"."Tier",
    "e-mail address" text
);
CREATE INDEX "Customer_FullName_Idx" ON "Sales"."Customer" ("FullName");
CREATE TABLE "Sales"."Order Line" ("Id" integer PRIMARY KEY,
    "CustomerId" integer REFERENCES "Sales"."Customer" ("CustomerId"));
CREATE VIEW "Sales"."GoldCustomers" AS SELECT "CustomerId", "FullName" FROM "Sales"."Customer" WHERE "Tier" = 'Gold';
CREATE FUNCTION "Sales"."CountOf"("Tier" "Sales"."Tier") RETURNS bigint LANGUAGE sql STABLE
    AS $$ SELECT count(*) FROM "Sales"."Customer" c WHERE c."Tier" = $1 $$;
COMMENT ON COLUMN "Sales"."Customer"."e-mail address" IS 'It''s an e-mail';
