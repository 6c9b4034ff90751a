-- Data state "post-fix": PS_DemoData on the evening of 2026-04-19, after the A54 fix.
-- Audit trail: 5 historical runs (upstream.sql) + 5 transitional Failed runs during the
-- fix iteration + the latest run Complete with output_guide_count = 515.
-- A66: UE clears and rebuilds empty the user-facing output tables (no syn-trades in
-- PS_DemoData) and supersedes Step 4's pfill_cash_market_map, so all of them are empty.
-- Expected rows, queries 37..44: 11 / 0 / 0 / 0 / 0 / 0 / 0 / 0.

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
   NULL, NULL);
