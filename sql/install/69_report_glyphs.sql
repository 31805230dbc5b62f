-- The report's two non-ASCII characters, the en dash of intervals and the
-- block of bar charts, in the database's encoding where it has them, else an
-- ASCII stand-in ('-' and '#').  This file, like every install and upgrade
-- script, is ASCII: CREATE EXTENSION then works in every server encoding
-- (see groomstats.control).  The encodings listed are those PostgreSQL's own
-- conversion from UTF8 accepts for the character (test/scripts/encodings.sh
-- checks the lists against convert() in every server encoding); SQL_ASCII
-- knows no characters, so it gets the stand-ins.
CREATE FUNCTION @extschema@.report_glyph(glyph pg_catalog.text)
RETURNS pg_catalog.text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE
		WHEN glyph OPERATOR(pg_catalog.=) 'dash'::pg_catalog.text THEN
			CASE WHEN pg_catalog.getdatabaseencoding() OPERATOR(pg_catalog.=) ANY (
				'{UTF8,EUC_TW,EUC_JIS_2004,WIN874,WIN1250,WIN1251,WIN1252,WIN1253,WIN1254,WIN1255,WIN1256,WIN1257,WIN1258}'::pg_catalog.name[])
			THEN pg_catalog.convert_from(pg_catalog.decode('e28093'::pg_catalog.text, 'hex'::pg_catalog.text), 'UTF8'::pg_catalog.name)
			ELSE '-'::pg_catalog.text END
		WHEN glyph OPERATOR(pg_catalog.=) 'bar'::pg_catalog.text THEN
			CASE WHEN pg_catalog.getdatabaseencoding() OPERATOR(pg_catalog.=) ANY (
				'{UTF8,EUC_TW,WIN866,KOI8R,KOI8U}'::pg_catalog.name[])
			THEN pg_catalog.convert_from(pg_catalog.decode('e29688'::pg_catalog.text, 'hex'::pg_catalog.text), 'UTF8'::pg_catalog.name)
			ELSE '#'::pg_catalog.text END
	END
$$;

COMMENT ON FUNCTION @extschema@.report_glyph(pg_catalog.text) IS
'A character the report prints, in the database encoding: ''dash'' (U+2013, else -) or ''bar'' (U+2588, else #).';
