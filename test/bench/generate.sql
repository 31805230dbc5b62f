-- The benchmark table: :N offence rows shaped like real data, made with
-- hash-based pseudo-randomness (deterministic: the same N gives the same
-- rows), UNLOGGED so that loading writes no WAL.
--
-- Shape (fractions of all rows):
--   recorded    2% NULL (undated); the rest uniform over 2019-01-01 .. 2021-12-31
--               (1096 days), in random order (not date order: the harder case
--               for the aggregate's one-entry day cache)
--   platforms   30% NULL, 3% '{}' (not recorded); 50% one platform from 40
--               names with a skewed (Zipf-like) distribution; 12% two and 5%
--               three, the second and third from the 8 messaging apps
--               offenders move a conversation to (duplicates possible: an
--               offence naming a platform twice counts once)
--   victim_age  20% NULL; the rest 4..17, skewed towards 13-15, and 1% 18..25
--   force       43 forces, skewed
--   month, area the month of recorded, and 64 areas (uniform), for the
--               grouped case of about 100,000 groups
-- The set of distinct platform values is saturated well before 1M rows, so
-- the memory figures at 1M and 10M rows compare like with like.

\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE EXTENSION IF NOT EXISTS pg_prewarm;
DROP TABLE IF EXISTS t;
CREATE UNLOGGED TABLE t (
	id bigint NOT NULL,
	force text NOT NULL,
	recorded date,
	platforms text[],
	victim_age integer,
	month date,	 -- date_trunc('month', recorded), stored as a month column would be
	area smallint -- 64 areas, uniform: with force and month about 100,000 groups at 2M rows
);

INSERT INTO t
SELECT i,
       k.forces[1 + floor(43 * r.u1 ^ 2)::int],
       CASE WHEN r.u2 < 0.02 THEN NULL
            ELSE date '2019-01-01' + floor(1096 * r.u3)::int END,
       CASE WHEN r.u4 < 0.30 THEN NULL
            WHEN r.u4 < 0.33 THEN '{}'::text[]
            WHEN r.u4 < 0.83 THEN ARRAY[k.names[1 + floor(40 * r.u5 ^ 3)::int]]
            WHEN r.u4 < 0.95 THEN ARRAY[k.names[1 + floor(40 * r.u5 ^ 3)::int],
                                        k.msg[1 + floor(8 * r.u6 ^ 2)::int]]
            ELSE ARRAY[k.names[1 + floor(40 * r.u5 ^ 3)::int],
                       k.msg[1 + floor(8 * r.u6 ^ 2)::int],
                       k.msg[1 + floor(8 * r.u7)::int]] END,
       CASE WHEN r.u8 < 0.20 THEN NULL
            WHEN r.u8 < 0.21 THEN 18 + floor(8 * r.u9)::int
            ELSE 4 + floor(14 * sqrt(r.u9))::int END,
       CASE WHEN r.u2 < 0.02 THEN NULL
            ELSE date_trunc('month', date '2019-01-01' + floor(1096 * r.u3)::int)::date END,
       (hashint8extended(i, 10) & 63)::smallint
FROM (SELECT ARRAY['Snapchat', 'Instagram', 'Facebook', 'WhatsApp', 'Facebook Messenger',
                   'Kik', 'TikTok', 'Discord', 'X (Twitter)', 'YouTube', 'Roblox', 'Xbox Live',
                   'PlayStation Network', 'Omegle', 'Telegram', 'Skype', 'Wink', 'Yubo',
                   'Twitch', 'Steam', 'Fortnite', 'Minecraft', 'Google Hangouts', 'Signal',
                   'Viber', 'WeChat', 'LINE', 'Tumblr', 'Pinterest', 'Reddit', 'Tinder',
                   'Grindr', 'Badoo', 'Likee', 'Houseparty', 'Monkey', 'Chatroulette',
                   'LiveMe', 'iMessage', 'Email'] AS names,
             ARRAY['Snapchat', 'WhatsApp', 'Instagram', 'Facebook Messenger', 'Kik', 'Telegram',
                   'Discord', 'iMessage'] AS msg,
             ARRAY(SELECT 'Force ' || lpad(f::text, 2, '0') FROM generate_series(1, 43) f)
                 AS forces) AS k
CROSS JOIN generate_series(1, :N) AS i
CROSS JOIN LATERAL (
	SELECT (hashint8extended(i, 1) & 16777215) / 16777216.0::float8 AS u1,
	       (hashint8extended(i, 2) & 16777215) / 16777216.0::float8 AS u2,
	       (hashint8extended(i, 3) & 16777215) / 16777216.0::float8 AS u3,
	       (hashint8extended(i, 4) & 16777215) / 16777216.0::float8 AS u4,
	       (hashint8extended(i, 5) & 16777215) / 16777216.0::float8 AS u5,
	       (hashint8extended(i, 6) & 16777215) / 16777216.0::float8 AS u6,
	       (hashint8extended(i, 7) & 16777215) / 16777216.0::float8 AS u7,
	       (hashint8extended(i, 8) & 16777215) / 16777216.0::float8 AS u8,
	       (hashint8extended(i, 9) & 16777215) / 16777216.0::float8 AS u9) AS r;

-- Hint bits and the visibility map set, statistics made; then the whole
-- table into shared buffers, so every timed scan reads memory, not disk.
VACUUM (ANALYZE) t;
ALTER TABLE t SET (parallel_workers = 2);
SELECT pg_prewarm('t') \g /dev/null
