-- 1.0 to 1.1: suppressed_cells, the suppression routine of the accessors as a function.
-- Disclosure control for tables made in plain SQL: which cells the settings
-- in force (groomstats.min_cell_count and its floor) hide, exactly as the
-- accessors hide theirs.  STABLE: the answer depends on the settings.

CREATE FUNCTION @extschema@.suppressed_cells(counts pg_catalog.int8[], additive pg_catalog.bool DEFAULT true)
RETURNS pg_catalog.bool[]
AS 'MODULE_PATHNAME', 'groomstats_suppressed_cells'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.suppressed_cells(pg_catalog.int8[], pg_catalog.bool) IS
'For a table of counts (one element per cell), true where disclosure control as in force hides the cell: counts of 1 to N-1 and, when additive (the cells add up to a total the reader can work out), the further cells the accessors would hide. Zero counts are never hidden. NULL or negative counts: an error.';
