-- The benchmark's report: one line per figure (medians of the timed
-- rounds), then the targets, then one summary line.  psql -At, with :N, :M
-- and :RUNS set.

CREATE TEMP VIEW med AS
SELECT figure, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS ms,
       min(ms) AS lo, max(ms) AS hi, count(*) AS n
FROM bench_times WHERE run > 0 GROUP BY figure;

CREATE TEMP VIEW fig AS SELECT figure, value FROM bench_figures;

CREATE TEMP VIEW ratios AS
SELECT (SELECT ms FROM med WHERE figure = 'groomstats') / (SELECT ms FROM med WHERE figure = 'floor') AS agg_floor,
       (SELECT ms FROM med WHERE figure = 'plain') / (SELECT ms FROM med WHERE figure = 'groomstats') AS plain_agg,
       (SELECT ms FROM med WHERE figure = 'groomstats') / (SELECT ms FROM med WHERE figure = 'par2') AS serial_par2,
       (SELECT ms FROM med WHERE figure = 'groomstats') / (SELECT ms FROM med WHERE figure = 'par1') AS serial_par1,
       (SELECT ms FROM med WHERE figure = 'groomstats') / (SELECT ms FROM med WHERE figure = 'par2_noleader') AS serial_par2_noleader,
       (SELECT ms FROM med WHERE figure = 'par1') / (SELECT ms FROM med WHERE figure = 'par2') AS par1_par2,
       (SELECT ms FROM med WHERE figure = 'floor') / (SELECT ms FROM med WHERE figure = 'floor_par2') AS floor_serial_par2,
       (SELECT ms FROM med WHERE figure = 'rollup') AS rollup_ms,
       (SELECT value FROM fig WHERE figure = 'mem_large_kb') / (SELECT value FROM fig WHERE figure = 'mem_small_kb') AS mem_ratio;

\echo
\echo '== groomstats benchmark'
SELECT format('rows N = %s; medians of %s timed rounds after 1 warm-up round, order rotated each round; JIT off; table in shared buffers', :N, :RUNS);

SELECT format('%-44s %10s ms   (min %s, max %s)',
              CASE figure
                  WHEN 'floor' THEN 'floor: count() of the three columns'
                  WHEN 'groomstats' THEN 'groomstats: offence_summary_agg, serial'
                  WHEN 'plain' THEN 'plain SQL: days + platforms + age bands'
                  WHEN 'par1' THEN 'aggregate, 1 worker + leader (2 processes)'
                  WHEN 'par2' THEN 'aggregate, 2 workers + leader (3 processes)'
                  WHEN 'par2_noleader' THEN 'aggregate, 2 workers, leader only gathers'
                  WHEN 'floor_par2' THEN 'floor, 2 workers + leader'
                  WHEN 'rollup' THEN format('rollup of %s stored summaries', (SELECT value FROM fig WHERE figure = 'rollup_rows'))
              END,
              round(ms::numeric, 1), round(lo::numeric, 1), round(hi::numeric, 1))
FROM med
WHERE figure !~ '^(month|day|area)_'
ORDER BY array_position(ARRAY['floor', 'groomstats', 'plain', 'par1', 'par2', 'par2_noleader', 'floor_par2', 'rollup'], figure);

SELECT format('workers launched: 1-worker plan %s, 2-worker plan %s, 2-worker no-leader plan %s',
              (SELECT value FROM fig WHERE figure = 'par1_workers'),
              (SELECT value FROM fig WHERE figure = 'par2_workers'),
              (SELECT value FROM fig WHERE figure = 'par2_noleader_workers'));
SELECT format('stored summaries: %s rows, %s offences each on average, %s',
              (SELECT value FROM fig WHERE figure = 'rollup_rows'),
              round((SELECT value FROM fig WHERE figure = 'rollup_rows_per_summary')::numeric, 1),
              pg_size_pretty((SELECT value FROM fig WHERE figure = 'rollup_table_bytes')::bigint));
SELECT format('peak aggregate memory (HashAggregate, one group): %s kB at %s rows, %s kB at %s rows',
              (SELECT value FROM fig WHERE figure = 'mem_small_kb'), :M,
              (SELECT value FROM fig WHERE figure = 'mem_large_kb'), :N);
SELECT format('  the whole call (states and the dictionary the groups share, from pg_backend_memory_contexts, less the same beside count()): %s kB at %s rows, %s kB at %s rows',
              round((SELECT value FROM fig WHERE figure = 'call_small_kb')::numeric), :M,
              round((SELECT value FROM fig WHERE figure = 'call_large_kb')::numeric), :N);
SELECT format('  state content: %s / %s distinct days, %s / %s distinct raw platform values (at %s / %s rows)',
              (SELECT value FROM fig WHERE figure = 'distinct_days_small'),
              (SELECT value FROM fig WHERE figure = 'distinct_days_large'),
              (SELECT value FROM fig WHERE figure = 'distinct_values_small'),
              (SELECT value FROM fig WHERE figure = 'distinct_values_large'), :M, :N);
SELECT format('checks: parallel = serial %s; rollup of all stored = aggregate %s; plain SQL = summary: days %s, platforms %s, bands %s',
              CASE WHEN (SELECT value FROM fig WHERE figure = 'check_parallel') = 1 THEN 'yes' ELSE 'NO' END,
              CASE WHEN (SELECT value FROM fig WHERE figure = 'check_rollup') = 1 THEN 'yes' ELSE 'NO' END,
              CASE WHEN (SELECT value FROM fig WHERE figure = 'check_days') = 1 THEN 'yes' ELSE 'NO' END,
              CASE WHEN (SELECT value FROM fig WHERE figure = 'check_platforms') = 1 THEN 'yes' ELSE 'NO' END,
              CASE WHEN (SELECT value FROM fig WHERE figure = 'check_bands') = 1 THEN 'yes' ELSE 'NO' END);

\echo
\echo '== grouped, at work_mem 4MB (hash_mem 8MB), serial: medians in ms; ratios side by side in the same rounds'
CREATE TEMP VIEW grouped AS
SELECT g.k, g.name, g.label,
       (SELECT value FROM fig WHERE figure = g.name || '_groups') AS groups,
       (SELECT ms FROM med WHERE figure = g.name || '_floor') AS floor_ms,
       (SELECT ms FROM med WHERE figure = g.name || '_agg') AS agg_ms,
       (SELECT ms FROM med WHERE figure = g.name || '_plain') AS plain_ms,
       (SELECT value FROM fig WHERE figure = g.name || '_batches') AS batches,
       (SELECT note FROM bench_figures WHERE figure = g.name || '_plan_kind') AS plan_kind,
       (SELECT value FROM fig WHERE figure = g.name || '_kb') AS kb,
       (SELECT value FROM fig WHERE figure = g.name || '_hash_mem_kb') AS hash_mem_kb,
       (SELECT value FROM fig WHERE figure = g.name || '_floor_kb') AS floor_kb,
       (SELECT value FROM fig WHERE figure = g.name || '_unspilled_kb') AS unspilled_kb,
       (SELECT value FROM fig WHERE figure = g.name || '_summary_bytes') AS summary_bytes,
       (SELECT value FROM fig WHERE figure = g.name || '_check_rollup') = 1 AS rollup_ok,
       (SELECT value FROM fig WHERE figure = g.name || '_check_sorted') = 1 AS sorted_ok
FROM (VALUES (1, 'month', 'per force per month'), (2, 'day', 'per force per day'),
             (3, 'area', 'per force per month per area')) AS g(k, name, label);
SELECT format('%-30s %7s groups: floor %7s  groomstats %7s  plain SQL %8s  | agg/floor %s  plain/agg %s',
              label, groups, round(floor_ms::numeric), round(agg_ms::numeric), round(plain_ms::numeric),
              round((agg_ms / floor_ms)::numeric, 2), round((plain_ms / agg_ms)::numeric, 2))
FROM grouped ORDER BY k;
SELECT format('%-30s %s, %s batch(es), peak %s kB (hash_mem %s kB; count() floor %s kB); unspilled states %s kB for %s kB of summaries (%s x)',
              label, plan_kind, coalesce(batches::text, '-'), coalesce(kb::text, '-'), hash_mem_kb,
              coalesce(floor_kb::text, '-'), unspilled_kb,
              round((summary_bytes / 1024)::numeric), round((unspilled_kb * 1024 / summary_bytes)::numeric, 2))
FROM grouped ORDER BY k;
SELECT format('checks: rollup of the groups = the whole: %s; sorted plan = hashed plan: %s',
              string_agg(name || ' ' || CASE WHEN rollup_ok THEN 'yes' ELSE 'NO' END, ', ' ORDER BY k),
              string_agg(name || ' ' || CASE WHEN sorted_ok THEN 'yes' ELSE 'NO' END, ', ' ORDER BY k))
FROM grouped;
CREATE TEMP VIEW grouped_targets AS
SELECT k * 10 + 1 AS k, label || ': groomstats / floor' AS name, round((agg_ms / floor_ms)::numeric, 2) AS value, '<= 1.5' AS target, agg_ms / floor_ms <= 1.5 AS holds FROM grouped WHERE name <> 'area'
UNION ALL SELECT k * 10 + 2, label || ': plain SQL / groomstats', round((plain_ms / agg_ms)::numeric, 2), '>= 3', plain_ms / agg_ms >= 3 FROM grouped WHERE name <> 'area'
UNION ALL SELECT k * 10 + 3, label || ': states / summaries', round((unspilled_kb * 1024 / summary_bytes)::numeric, 2), '<= 2', unspilled_kb * 1024 / summary_bytes <= 2 FROM grouped WHERE name <> 'area'
UNION ALL SELECT k * 10 + 4, label || ': peak kB / hash_mem kB', round((kb / hash_mem_kb)::numeric, 2), '<= 1', kb <= hash_mem_kb FROM grouped WHERE kb IS NOT NULL;
SELECT format('%-52s %8s   target %-7s %s', name, value, target, CASE WHEN holds THEN 'HOLDS' ELSE 'MISSED' END)
FROM grouped_targets ORDER BY k;

\echo
\echo '== targets'
CREATE TEMP VIEW targets AS
SELECT 1 AS k, 'groomstats / floor' AS name, round(agg_floor::numeric, 2) AS value, '<= 1.3' AS target, agg_floor <= 1.3 AS holds FROM ratios
UNION ALL SELECT 2, 'plain SQL / groomstats', round(plain_agg::numeric, 2), '>= 5', plain_agg >= 5 FROM ratios
UNION ALL SELECT 3, '1 worker / 2 workers (serial / 2 workers + leader)', round(serial_par2::numeric, 2), '>= 1.7', serial_par2 >= 1.7 FROM ratios
UNION ALL SELECT 4, format('rollup of %s summaries, seconds', (SELECT value FROM fig WHERE figure = 'rollup_rows')), round((rollup_ms / 1000)::numeric, 3), '< 1', rollup_ms < 1000 FROM ratios
UNION ALL SELECT 5, 'peak memory, large / small table', round(mem_ratio::numeric, 3), '<= 1.10', mem_ratio <= 1.10 FROM ratios;

SELECT format('%-52s %8s   target %-7s %s', name, value, target, CASE WHEN holds THEN 'HOLDS' ELSE 'MISSED' END)
FROM targets ORDER BY k;
SELECT format('  (other parallel ratios: serial / 1 worker + leader %s; serial / 2 workers without leader %s; 1 worker / 2 workers, both with leader %s; the floor itself, serial / 2 workers + leader %s)',
              round(serial_par1::numeric, 2), round(serial_par2_noleader::numeric, 2), round(par1_par2::numeric, 2),
              round(floor_serial_par2::numeric, 2))
FROM ratios;

\echo
SELECT format('SUMMARY N=%s: groomstats/floor %s (<=1.3 %s); plain/groomstats %s (>=5 %s); 1w/2w %s (>=1.7 %s); rollup %s s (<1 %s); mem %s/%s kB = %s (<=1.10 %s): %s of 5 targets hold',
              :N,
              round(agg_floor::numeric, 2), CASE WHEN agg_floor <= 1.3 THEN 'ok' ELSE 'MISSED' END,
              round(plain_agg::numeric, 2), CASE WHEN plain_agg >= 5 THEN 'ok' ELSE 'MISSED' END,
              round(serial_par2::numeric, 2), CASE WHEN serial_par2 >= 1.7 THEN 'ok' ELSE 'MISSED' END,
              round((rollup_ms / 1000)::numeric, 3), CASE WHEN rollup_ms < 1000 THEN 'ok' ELSE 'MISSED' END,
              (SELECT value FROM fig WHERE figure = 'mem_large_kb'), (SELECT value FROM fig WHERE figure = 'mem_small_kb'),
              round(mem_ratio::numeric, 3), CASE WHEN mem_ratio <= 1.10 THEN 'ok' ELSE 'MISSED' END,
              (SELECT count(*) FILTER (WHERE holds) FROM targets))
FROM ratios;
SELECT format('SUMMARY grouped N=%s: %s: %s of %s grouped targets hold', :N,
              string_agg(format('%s %s (%s %s)', name, value, target, CASE WHEN holds THEN 'ok' ELSE 'MISSED' END), '; ' ORDER BY k),
              count(*) FILTER (WHERE holds), count(*))
FROM grouped_targets;
