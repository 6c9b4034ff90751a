-- Upstream tenant rows shared by every data state (loaded by ci/db-load before the
-- state file). Deterministic: everything derives from generate_series counters.
--
--   loan          612 rows: 552 pipeline loans L26-000001..L26-000552 (locked/closed)
--                 + 60 shipped loans LS-000001..LS-000060
--   loan_shipped   60 rows: LS-* in six existing pools PF2603-01..PF2603-06, 10 loans each
--   rmcat_loan     60 rows: one segment per shipped loan, 'performing' or 'watch';
--                 no 'at risk' rows here (populated.sql adds them), so query 42 is empty.

INSERT INTO loan (loan_id, loan_number, borrower_last, product, loan_purpose, occupancy,
                  property_state, loan_amount, note_rate, fico, ltv, lock_date,
                  lock_expiration, closing_date, funding_date, loan_status)
SELECT CASE WHEN g <= 552 THEN 'L26-' || lpad(g::text, 6, '0')
            ELSE 'LS-' || lpad((g - 552)::text, 6, '0') END,
       lpad((2600000 + g)::text, 10, '0'),
       (ARRAY['Adams','Baker','Chen','Diaz','Evans','Fischer','Garcia','Hughes',
              'Ito','Jones','Kim','Lopez'])[1 + g % 12],
       (ARRAY['CONV30','CONV15','FHA30','VA30'])[1 + g % 4],
       CASE WHEN g % 3 = 0 THEN 'Refi' ELSE 'Purchase' END,
       CASE WHEN g % 10 = 0 THEN 'Investment' WHEN g % 7 = 0 THEN 'Second Home' ELSE 'Primary' END,
       (ARRAY['CA','TX','FL','NY','WA','CO','GA','NC'])[1 + g % 8],
       150000 + (g * 7919 % 600) * 1000,
       5.500 + (g % 12) * 0.125,
       640 + (g * 37 % 160),
       60 + (g * 13 % 35),
       date '2026-02-20' + (g % 40),
       date '2026-02-20' + (g % 40) + 60,
       CASE WHEN g > 552 OR g % 2 = 0 THEN date '2026-03-25' + (g % 20) END,
       CASE WHEN g > 552 THEN date '2026-03-27' + (g % 20) END,
       CASE WHEN g > 552 THEN 'Shipped' WHEN g % 2 = 0 THEN 'Closed' ELSE 'Locked' END
FROM generate_series(1, 612) AS g;

INSERT INTO loan_shipped (loan_id, pool_name, investor, pool_status, ship_date, shipped_amount)
SELECT l.loan_id,
       'PF2603-0' || (1 + (k - 1) / 10),
       (ARRAY['Fannie Mae','Fannie Mae','Freddie Mac','Ginnie Mae','Ginnie Mae','Freddie Mac'])[1 + (k - 1) / 10],
       (ARRAY['Open','Open','Open','Pending Settle','Pending Settle','Settled'])[1 + (k - 1) / 10],
       date '2026-04-01' + (k - 1) / 10,
       l.loan_amount
FROM generate_series(1, 60) AS k
JOIN loan l ON l.loan_id = 'LS-' || lpad(k::text, 6, '0');

INSERT INTO rmcat_loan (loan_id, segment_name, category, as_of_date)
SELECT 'LS-' || lpad(k::text, 6, '0'),
       CASE WHEN k % 7 = 0 THEN 'watch' ELSE 'performing' END,
       CASE WHEN k % 7 = 0 THEN 'early payment default watch' ELSE 'current' END,
       date '2026-04-15'
FROM generate_series(1, 60) AS k;

-- The 5 historical runs every state starts with (all terminal). The latest of them,
-- 769245CF-..., is the documented A54 failure at Step 5 (pool_guide).
-- duration_ms is what the engine records; query 37 derives duration_seconds from it.
INSERT INTO pfill_run_history (run_id, tenant_id, status, triggered_by, engine_version,
                               started_at, ended_at, duration_ms, input_loan_count,
                               input_trade_count, output_guide_count, output_kickout_count,
                               failed_step, failure_message)
VALUES
  ('1F0B7C2E-4D3A-4B8E-9A61-2C5D7E8F9A01', 'PS_DemoData', 'Cancelled', 'ops.scheduler', '6e.3',
   timestamp '2026-04-14 09:12:05', timestamp '2026-04-14 09:12:46.250', 41250, 552, 48, NULL, NULL,
   NULL, 'Cancelled by operator before Step 3 (candidates)'),
  ('3B7D9E21-8C4F-4A16-B2E0-6F1A3C5D7E02', 'PS_DemoData', 'Failed', 'ops.scheduler', '6e.3',
   timestamp '2026-04-15 09:10:00', timestamp '2026-04-15 09:10:19.840', 19840, 552, 48, NULL, NULL,
   'candidates', 'SqlException 1205: Transaction (Process ID 87) was deadlocked on lock resources with another process and has been chosen as the deadlock victim.'),
  ('5C2A8F43-1B9E-4C77-8D35-9E0B2A4C6D03', 'PS_DemoData', 'Failed', 'k.nguyen', '7.0',
   timestamp '2026-04-16 14:03:27', timestamp '2026-04-16 14:03:58.115', 31115, 552, 48, NULL, NULL,
   'pool_guide', 'SqlException 2627: Violation of PRIMARY KEY constraint ''PK__##cte_po__F0E022A227C84D71''. Cannot insert duplicate key in object ''dbo.##cte_pool_guide''.'),
  ('9E4D1A65-7F2C-4E08-A9B3-1D6C8E0F2A04', 'PS_DemoData', 'Cancelled', 'k.nguyen', '7.0',
   timestamp '2026-04-17 16:40:12', timestamp '2026-04-17 16:40:20.500', 8500, 552, 48, NULL, NULL,
   NULL, 'Cancelled by operator (superseded by a newer run request)'),
  ('769245CF-3E1A-4F52-B8D4-0A6C91E2F7B3', 'PS_DemoData', 'Failed', 'phase8.poc', '8.0',
   timestamp '2026-04-18 22:41:07', timestamp '2026-04-18 22:41:36.902', 29902, 552, 48, NULL, NULL,
   'pool_guide', 'SqlException 2627: Violation of PRIMARY KEY constraint ''PK__##cte_po__F0E022A227C84D71''. Cannot insert duplicate key in object ''dbo.##cte_pool_guide''. The duplicate key value is (L26-000231).');
