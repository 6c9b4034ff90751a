-- Data state "populated": a tenant with real trades after the A54/A66 fixes (the Phase 9
-- "customer DB with real syn-trade opportunities" case). Every dashboard has rows.
-- Audit trail: the 11 post-fix runs + one more Complete run (0A7E19D2-...) whose output
-- fills the PowerFill tables: 515 allocations + 37 kickouts of 552 pipeline loans over
-- 48 trades, 1050 candidacies, a pool guide with all 8 pool_action values (6 swap pairs),
-- 4 'at risk' shipped loans in 3 existing pools, 240 cash-market-map rows.
-- Expected rows, queries 37..44: 12 / 552 / 48 / 12 / 1050 / 30 / 11 / 240.

INSERT INTO pfill_run_history (run_id, tenant_id, status, triggered_by, engine_version,
                               started_at, ended_at, duration_ms, input_loan_count,
                               input_trade_count, output_guide_count, output_kickout_count,
                               failed_step, failure_message)
VALUES
  ('A0D31B77-2E4C-4F19-8B6A-3C5E7F9A1B05', 'PS_DemoData', 'Failed', 'phase8.a54fix', '8.0.1',
   timestamp '2026-04-19 15:02:11', timestamp '2026-04-19 15:02:40.377', 29377, 552, 48, NULL, NULL,
   'pool_guide', 'SqlException 2627: Violation of PRIMARY KEY constraint ''PK__##cte_po__F0E022A227C84D71''. Cannot insert duplicate key in object ''dbo.##cte_pool_guide''.'),
  ('B1E42C88-3F5D-4A2A-9C7B-4D6F8A0B2C06', 'PS_DemoData', 'Failed', 'phase8.a54fix', '8.0.2',
   timestamp '2026-04-19 15:48:30', timestamp '2026-04-19 15:49:02.010', 32010, 552, 48, NULL, NULL,
   'pool_guide', 'SqlException 209: Ambiguous column name ''pool_name''. (pt13 JOIN)'),
  ('C2F53D99-4A6E-4B3B-AD8C-5E7A9B1C3D07', 'PS_DemoData', 'Failed', 'phase8.a54fix', '8.0.3',
   timestamp '2026-04-19 16:31:05', timestamp '2026-04-19 16:31:33.640', 28640, 552, 48, NULL, NULL,
   'pool_guide', 'SqlException 2627: Violation of PRIMARY KEY constraint ''PK_pfill_pool_guide''. Cannot insert duplicate key in object ''dbo.pfill_pool_guide''.'),
  ('D3A64EAA-5B7F-4C4C-BE9D-6F8B0C2D4E08', 'PS_DemoData', 'Failed', 'phase8.a54fix', '8.0.4',
   timestamp '2026-04-19 17:20:44', timestamp '2026-04-19 17:21:19.905', 35905, 552, 48, NULL, NULL,
   'ue', 'SqlException 515: Cannot insert the value NULL into column ''trade_id'', table ''dbo.pfill_trade_base''; column does not allow nulls. INSERT fails.'),
  ('E4B75FBB-6C80-4D5D-8FAE-7A9C1D3E5F09', 'PS_DemoData', 'Failed', 'phase8.a54fix', '8.0.5',
   timestamp '2026-04-19 18:05:17', timestamp '2026-04-19 18:05:41.288', 24288, 552, 48, NULL, NULL,
   'ue', 'SqlException 8152: String or binary data would be truncated in table ''dbo.pfill_kickout_guide_01'', column ''kickout_reason''.'),
  ('F5C86ACC-7D91-4E6E-90BF-8B0D2E4F6A10', 'PS_DemoData', 'Complete', 'phase8.a54fix', '8.0.6',
   timestamp '2026-04-19 19:52:10', timestamp '2026-04-19 19:52:40.731', 30731, 552, 48, 515, 37,
   NULL, NULL),
  ('0A7E19D2-8B3C-4F6D-A1E5-9C2B4D6F8A11', 'PS_DemoData', 'Complete', 'ops.scheduler', '8.0.6',
   timestamp '2026-04-20 08:00:00', timestamp '2026-04-20 08:00:31.412', 31412, 552, 48, 515, 37,
   NULL, NULL);

-- Risk management flags four shipped loans (pools PF2603-01, -02, -04) as 'at risk'.
UPDATE rmcat_loan
SET segment_name = 'at risk', category = 'early payment default 60+'
WHERE loan_id IN ('LS-000003', 'LS-000010', 'LS-000014', 'LS-000038');

-- 48 trades PFT-0001..PFT-0048; trade t takes loans whose product matches t % 4.
-- Fill counters are set from the allocations further down.
INSERT INTO pfill_trade_base (trade_id, run_id, trade_number, counterparty, instrument, agency,
  product, trade_type, buy_sell, coupon, trade_amount, trade_price, trade_date, settlement_date,
  notification_date, tolerance_pct, min_fill_amount, max_fill_amount, designated_amount,
  pre_session_need, pre_session_space, post_session_need, post_session_space,
  allocated_loan_count, allocated_amount, fulfillment_pct, avg_note_rate, avg_loan_price,
  carry_amount, pair_off_amount, pool_name, is_pooled, trade_status, created_at, updated_at)
SELECT 'PFT-' || lpad(t::text, 4, '0'),
       '0A7E19D2-8B3C-4F6D-A1E5-9C2B4D6F8A11',
       'TK' || (880000 + t * 17),
       (ARRAY['Wells Fargo','JPMorgan','Goldman Sachs','Morgan Stanley','Citi','Fannie Mae Cash Window'])[1 + t % 6],
       (ARRAY['FNCL','FNCI','G2SF','G2SF'])[1 + t % 4],
       (ARRAY['FNMA','FNMA','GNMA','GNMA'])[1 + t % 4],
       (ARRAY['CONV30','CONV15','FHA30','VA30'])[1 + t % 4],
       CASE WHEN t % 5 = 0 THEN 'Spec' ELSE 'TBA' END,
       'S',
       5.000 + (t % 3) * 0.500,
       0, 99.500 + (t % 7) * 0.250,
       date '2026-04-06' + t % 10,
       (ARRAY[date '2026-05-13', date '2026-05-20', date '2026-06-11'])[1 + t % 3],
       (ARRAY[date '2026-05-11', date '2026-05-18', date '2026-06-09'])[1 + t % 3],
       0.010, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, NULL, 0, 0,
       CASE WHEN t <= 18 THEN 'PF2603-0' || (1 + t % 3) WHEN t <= 36 THEN 'PF2604-0' || (1 + t % 4) END,
       CASE WHEN t <= 36 THEN 1 ELSE 0 END,
       'Open',
       timestamp '2026-04-20 08:00:12', timestamp '2026-04-20 08:00:12'
FROM generate_series(1, 48) AS t;

-- Pipeline loans with their counter g and target trade t (same product bucket g % 4 = t % 4).
CREATE TEMP TABLE fx_pipeline ON COMMIT DROP AS
SELECT l.loan_id, l.product, l.loan_amount, l.note_rate, x.g,
       'PFT-' || lpad((CASE WHEN 4 * ((x.g / 4) % 12) + x.g % 4 = 0 THEN 48
                            ELSE 4 * ((x.g / 4) % 12) + x.g % 4 END)::text, 4, '0') AS trade_id,
       CASE WHEN 4 * ((x.g / 4) % 12) + x.g % 4 = 0 THEN 48
            ELSE 4 * ((x.g / 4) % 12) + x.g % 4 END AS t,
       CASE WHEN x.g % 15 = 7 THEN 1 ELSE 0 END AS kicked_out
FROM loan l
CROSS JOIN LATERAL (SELECT substr(l.loan_id, 5)::int AS g) x
WHERE l.loan_id LIKE 'L26-%';

-- 515 allocations (every pipeline loan except g % 15 = 7).
INSERT INTO pfill_powerfill_guide (run_id, loan_id, trade_id, product, instrument, counterparty,
  loan_amount, note_rate, trade_coupon, settlement_date, loan_price, trade_price, carry_amount,
  prx_plus_carry, tolerance_pct, allocation_rank)
SELECT tb.run_id, p.loan_id, tb.trade_id, p.product, tb.instrument, tb.counterparty,
       p.loan_amount, p.note_rate, tb.coupon, tb.settlement_date,
       tb.trade_price + (p.note_rate - tb.coupon - 0.250) * 1.500,
       tb.trade_price,
       round(p.loan_amount * (p.g % 5) * 0.0001, 2),
       tb.trade_price + (p.note_rate - tb.coupon - 0.250) * 1.500 + (p.g % 5) * 0.010,
       tb.tolerance_pct,
       row_number() OVER (PARTITION BY tb.trade_id ORDER BY p.loan_id)
FROM fx_pipeline p
JOIN pfill_trade_base tb ON tb.trade_id = p.trade_id
WHERE p.kicked_out = 0;

-- 37 kickouts (g % 15 = 7).
INSERT INTO pfill_kickout_guide_01 (run_id, loan_id, product, loan_amount, note_rate,
  best_trade_id, best_instrument, best_counterparty, best_price, kickout_code, kickout_reason,
  opportunity_cost)
SELECT tb.run_id, p.loan_id, p.product, p.loan_amount, p.note_rate,
       CASE WHEN p.g % 4 <> 3 THEN tb.trade_id END,
       CASE WHEN p.g % 4 <> 3 THEN tb.instrument END,
       CASE WHEN p.g % 4 <> 3 THEN tb.counterparty END,
       CASE WHEN p.g % 4 <> 3 THEN tb.trade_price - 0.375 END,
       (ARRAY['LOCK_EXP','NO_FIT','PRICE','ELIG'])[1 + p.g % 4],
       (ARRAY['Lock expires before the trade settles',
              'No open trade has space within tolerance',
              'Best price is below the price floor',
              'Loan attributes are not eligible for any open trade'])[1 + p.g % 4],
       round(p.loan_amount * (1 + p.g % 4) * 0.001, 2)
FROM fx_pipeline p
JOIN pfill_trade_base tb ON tb.trade_id = p.trade_id
WHERE p.kicked_out = 1;

-- Trade fill counters from the allocations.
UPDATE pfill_trade_base tb
SET trade_amount         = s.trade_amount,
    min_fill_amount      = s.trade_amount * 0.9999,
    max_fill_amount      = s.trade_amount * 1.0001,
    designated_amount    = s.allocated,
    pre_session_need     = s.trade_amount,
    pre_session_space    = s.trade_amount * 1.0001,
    post_session_need    = s.trade_amount - s.allocated,
    post_session_space   = s.trade_amount * 1.0001 - s.allocated,
    allocated_loan_count = s.n,
    allocated_amount     = s.allocated,
    fulfillment_pct      = round(100 * s.allocated / s.trade_amount, 3),
    avg_note_rate        = s.avg_rate,
    avg_loan_price       = s.avg_price,
    carry_amount         = s.carry,
    pair_off_amount      = s.trade_amount - s.allocated,
    trade_status         = CASE WHEN s.allocated >= s.trade_amount * 0.9999 THEN 'Filled' ELSE 'Partial' END,
    updated_at           = timestamp '2026-04-20 08:00:29'
FROM (SELECT trade_id, count(*) AS n, sum(loan_amount) AS allocated,
             round(avg(note_rate), 3) AS avg_rate, round(avg(loan_price), 6) AS avg_price,
             sum(carry_amount) AS carry,
             -- trades are sized in whole millions; odd-numbered trades are over-sized by 1M
             (ceil(sum(loan_amount) / 1000000)
              + CASE WHEN substr(trade_id, 8, 1) IN ('1','3','5','7','9') THEN 1 ELSE 0 END) * 1000000 AS trade_amount
      FROM pfill_powerfill_guide GROUP BY trade_id) s
WHERE s.trade_id = tb.trade_id;

-- 1050 candidacies: every pipeline loan's own trade (rank 1), and for loans 1..498 the next
-- trade of the same product (rank 2).
INSERT INTO pfill_loan2trade_candy_level_01 (run_id, loan_id, trade_id, product, market,
  counterparty, loan_amount, note_rate, trade_coupon, loan_price, carry_bps, prx_plus_carry,
  candidate_rank, is_eligible)
SELECT tb.run_id, p.loan_id, tb.trade_id, p.product, tb.instrument, tb.counterparty,
       p.loan_amount, p.note_rate, tb.coupon,
       tb.trade_price + (p.note_rate - tb.coupon - 0.250) * 1.500,
       (p.g % 5) * 2.500 - c.r * 1.250,
       tb.trade_price + (p.note_rate - tb.coupon - 0.250) * 1.500 + (p.g % 5) * 0.010 - (c.r - 1) * 0.125,
       c.r,
       CASE WHEN p.kicked_out = 1 AND p.g % 4 = 3 THEN 0 ELSE 1 END
FROM generate_series(1, 1050) AS n
CROSS JOIN LATERAL (SELECT (n - 1) % 552 + 1 AS g, (n - 1) / 552 + 1 AS r) c
JOIN fx_pipeline p ON p.g = c.g
JOIN pfill_trade_base tb
  ON tb.trade_id = 'PFT-' || lpad((CASE WHEN c.r = 1 THEN p.t ELSE (p.t + 3) % 48 + 1 END)::text, 4, '0');

-- Pool guide, one row per loan (612):
--   shipped loans (pool P = PF2603-0P, position j 1..10): j = 10 'Swapped Out' to the
--   partner pool, j = 9 'Swapped In' from it (6 pairs: 1>2>3>4>1 and 5<>6), j = 8 in
--   pools 1, 3, 5 'Leaving', the rest 'Remaining';
--   pipeline loans: kicked out 'Unassigned'; trade 1..18 'Joining' an open pool;
--   trade 19..36 'New Pool' PF2604-0x; trade 37..48 'Held' for a later session.
INSERT INTO pfill_pool_guide (run_id, loan_id, trade_id, current_pool, trades_pool, pool_action,
  pool_status, swap_pair_id, loan_amount, loan_price, trade_price, settlement_date)
SELECT '0A7E19D2-8B3C-4F6D-A1E5-9C2B4D6F8A11', s.loan_id, NULL, s.pool_name,
       CASE WHEN x.j = 10 THEN 'PF2603-0' || x.nxt
            WHEN x.j = 9  THEN 'PF2603-0' || x.prv
            WHEN x.j = 8 AND x.p IN (1, 3, 5) THEN NULL
            ELSE s.pool_name END,
       CASE WHEN x.j = 10 THEN 'Swapped Out'
            WHEN x.j = 9  THEN 'Swapped In'
            WHEN x.j = 8 AND x.p IN (1, 3, 5) THEN 'Leaving'
            ELSE 'Remaining' END,
       s.pool_status,
       CASE WHEN x.j = 10 THEN x.p WHEN x.j = 9 THEN x.prv END,
       s.shipped_amount,
       100.250 + (x.k % 8) * 0.125,
       NULL, NULL
FROM loan_shipped s
CROSS JOIN LATERAL (
  SELECT k, 1 + (k - 1) / 10 AS p, (k - 1) % 10 + 1 AS j,
         CASE 1 + (k - 1) / 10 WHEN 1 THEN 2 WHEN 2 THEN 3 WHEN 3 THEN 4 WHEN 4 THEN 1 WHEN 5 THEN 6 ELSE 5 END AS nxt,
         CASE 1 + (k - 1) / 10 WHEN 1 THEN 4 WHEN 2 THEN 1 WHEN 3 THEN 2 WHEN 4 THEN 3 WHEN 5 THEN 6 ELSE 5 END AS prv
  FROM (SELECT substr(s.loan_id, 4)::int AS k) kk
) x
UNION ALL
SELECT '0A7E19D2-8B3C-4F6D-A1E5-9C2B4D6F8A11', p.loan_id,
       CASE WHEN p.kicked_out = 0 THEN p.trade_id END,
       NULL,
       CASE WHEN p.kicked_out = 1 OR p.t > 36 THEN NULL ELSE tb.pool_name END,
       CASE WHEN p.kicked_out = 1 THEN 'Unassigned' WHEN p.t <= 18 THEN 'Joining'
            WHEN p.t <= 36 THEN 'New Pool' ELSE 'Held' END,
       CASE WHEN p.kicked_out = 1 OR p.t > 36 THEN 'None' WHEN p.t <= 18 THEN 'Open' ELSE 'New' END,
       NULL,
       p.loan_amount, g.loan_price, g.trade_price, g.settlement_date
FROM fx_pipeline p
JOIN pfill_trade_base tb ON tb.trade_id = p.trade_id
LEFT JOIN pfill_powerfill_guide g ON g.loan_id = p.loan_id;

-- UE rebuilt the cash-market map for this tenant: 16 investor x 15 loan instruments.
INSERT INTO pfill_cash_market_map (map_id, investor_instrument, loan_instrument, cash_grid_type,
                                   investor, agency, min_coupon, max_coupon, effective_date)
SELECT i,
       (ARRAY['FNCL','FNCI','FNCT','FNJB','FNHB','FGLMC','FGCI','FGHB',
              'G2SF','G2JB','G2HB','GNSF','G2ARM','FNARM','FGARM','G2VA'])[1 + (i - 1) % 16],
       'LI' || lpad((1 + (i - 1) / 16)::text, 3, '0'),
       (ARRAY['Standard','High Balance','Jumbo','Government'])[1 + (i * 7) % 4],
       (ARRAY['Fannie Mae','Freddie Mac','Ginnie Mae'])[1 + ((i - 1) % 16) % 3],
       (ARRAY['FNMA','FHLMC','GNMA'])[1 + ((i - 1) % 16) % 3],
       4.500 + ((i - 1) / 16 % 5) * 0.500,
       5.000 + ((i - 1) / 16 % 5) * 0.500,
       date '2026-04-20'
FROM generate_series(1, 240) AS i;
