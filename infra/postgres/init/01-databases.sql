-- One database per service that owns relational data (see scripts/stack/app-services.ts).
--
-- Run through psql in two places, so it must stay plain psql-compatible SQL:
--   * the postgres image runs /docker-entrypoint-initdb.d/*.sql once, on an empty volume;
--   * `npm start` / `npm run stack:up` (scripts/stack) runs it on every start.
-- Hence every statement is re-runnable. CREATE DATABASE has no IF NOT EXISTS and cannot run
-- inside a DO block, so the SELECT builds the statement only when the database is missing and
-- psql's \gexec executes it.

SELECT 'CREATE DATABASE shopfast_user'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'shopfast_user')\gexec

SELECT 'CREATE DATABASE shopfast_order'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'shopfast_order')\gexec

SELECT 'CREATE DATABASE shopfast_payment'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'shopfast_payment')\gexec

SELECT 'CREATE DATABASE shopfast_shipping'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'shopfast_shipping')\gexec

SELECT 'CREATE DATABASE shopfast_notification'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'shopfast_notification')\gexec

SELECT 'CREATE DATABASE shopfast_incident'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'shopfast_incident')\gexec

-- Datadog Database Monitoring reads query statistics from pg_stat_statements in every
-- database it watches (the server preloads the library: shared_preload_libraries).
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
\connect shopfast_user
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
\connect shopfast_order
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
\connect shopfast_payment
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
\connect shopfast_shipping
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
\connect shopfast_notification
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
\connect shopfast_incident
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
