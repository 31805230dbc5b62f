-- groomstats 1.0 to 1.1.  Assembled from sql/upgrade/1.0--1.1/*.sql at build
-- time, one file per concern, in name order: each change to the install
-- parts (sql/install/) that 1.0 did not have appears here too, and
-- test/t/upgrade_chain.pl checks that an updated database's catalog
-- equals a fresh install's.  A part that only adds objects, or replaces
-- every object of its install part with CREATE OR REPLACE, is a symlink to
-- that install part (written once); when 1.1 is released, the assembled
-- script is frozen as sql/groomstats--1.0--1.1.sql and these go.

\echo Use "ALTER EXTENSION groomstats UPDATE TO '1.1'" to load this file. \quit
