-- Dashboard 13 "PowerFill: Run Overview (Hub)": every PowerFill run with its status,
-- duration, counters and failure context, plus is_latest (1 for the newest run).
-- Portable SQL (PostgreSQL 15 and SQL Server). No outer ORDER BY: Superset wraps the
-- dataset as SELECT ... FROM (<this>) AS virtual_table and SQL Server rejects an ORDER BY
-- in a derived table without TOP/OFFSET/FOR XML (Msg 1033). Charts sort instead.
-- duration_seconds: there is no portable way to subtract two timestamps into seconds
-- (DATEDIFF(second, a, b) vs EXTRACT(EPOCH FROM b - a)), so the engine records
-- duration_ms when a run ends and this query derives seconds from it (NULL while running).
SELECT
    h.run_id,
    h.tenant_id,
    h.status,
    h.triggered_by,
    h.engine_version,
    h.started_at,
    h.ended_at,
    h.duration_ms,
    CAST(h.duration_ms / 1000.0 AS DECIMAL(18, 3)) AS duration_seconds,
    h.input_loan_count,
    h.input_trade_count,
    h.output_guide_count,
    h.output_kickout_count,
    h.failed_step,
    h.failure_message,
    /* newest run first, run_id breaks a tie on started_at so exactly one row is latest */
    CASE WHEN ROW_NUMBER() OVER (ORDER BY h.started_at DESC, h.run_id DESC) = 1
         THEN 1 ELSE 0 END AS is_latest
FROM pfill_run_history AS h
