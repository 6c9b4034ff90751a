-- Data state "pre-fix": PS_DemoData on the morning of 2026-04-19 (Phase 8 W1 launch).
-- The latest run (769245CF-..., in upstream.sql) Failed at Step 5 pool_guide with the A54
-- PK violation; BR-9 cleared the user-facing output tables; pfill_cash_market_map
-- survived the failed run (A58) with 688 rows.
-- Expected rows, queries 37..44: 5 / 0 / 0 / 0 / 0 / 0 / 0 / 688.

-- 688 = 16 investor instruments x 43 loan instruments, every pair once.
INSERT INTO pfill_cash_market_map (map_id, investor_instrument, loan_instrument, cash_grid_type,
                                   investor, agency, min_coupon, max_coupon, effective_date)
SELECT i,
       (ARRAY['FNCL','FNCI','FNCT','FNJB','FNHB','FGLMC','FGCI','FGHB',
              'G2SF','G2JB','G2HB','GNSF','G2ARM','FNARM','FGARM','G2VA'])[1 + (i - 1) % 16],
       'LI' || lpad((1 + (i - 1) / 16)::text, 3, '0'),
       (ARRAY['Standard','High Balance','Jumbo','Government'])[1 + (i * 7) % 4],
       (ARRAY['Fannie Mae','Freddie Mac','Ginnie Mae'])[1 + ((i - 1) % 16) % 3],
       (ARRAY['FNMA','FHLMC','GNMA'])[1 + ((i - 1) % 16) % 3],
       4.000 + ((i - 1) / 16 % 6) * 0.500,
       4.500 + ((i - 1) / 16 % 6) * 0.500,
       date '2026-04-01'
FROM generate_series(1, 688) AS i;
