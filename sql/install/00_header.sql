-- groomstats: offence summaries for online grooming statistics.
-- Assembled from sql/install/*.sql at build time.
--
-- Every reference to an object is schema-qualified (@extschema@ or
-- pg_catalog), so nothing here depends on the caller's search_path.

\echo Use "CREATE EXTENSION groomstats" to load this file. \quit
