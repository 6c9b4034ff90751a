-- Dashboard 14 "PowerFill: Allocation Guide": allocated loans (pfill_powerfill_guide) and
-- kickouts (pfill_kickout_guide_01) in one dataset, split by the row_type discriminator
-- ('allocation' / 'kickout') so charts can filter on it.
-- Portable SQL (PostgreSQL 15 and SQL Server). No outer ORDER BY (Superset wraps the
-- dataset in a derived table, SQL Server Msg 1033).
/* Both branches list the same 19 columns in the same order, and a column one side lacks is a
   typed NULL so both engines agree on the result type. */
SELECT
    'allocation'                    AS row_type,
    g.run_id,
    g.loan_id,
    g.product,
    g.loan_amount,
    g.note_rate,
    g.trade_id,
    g.instrument,
    g.counterparty,
    g.trade_coupon,
    g.settlement_date,
    g.loan_price,
    g.trade_price,
    g.carry_amount,
    g.prx_plus_carry,
    g.tolerance_pct,
    CAST(NULL AS VARCHAR(10))       AS kickout_code,
    CAST(NULL AS VARCHAR(200))      AS kickout_reason,
    CAST(NULL AS DECIMAL(14, 2))    AS opportunity_cost
FROM pfill_powerfill_guide AS g
UNION ALL
SELECT
    'kickout'                       AS row_type,
    k.run_id,
    k.loan_id,
    k.product,
    k.loan_amount,
    k.note_rate,
    k.best_trade_id                 AS trade_id,
    k.best_instrument               AS instrument,
    k.best_counterparty             AS counterparty,
    CAST(NULL AS DECIMAL(6, 3))     AS trade_coupon,
    CAST(NULL AS DATE)              AS settlement_date,
    CAST(NULL AS DECIMAL(12, 6))    AS loan_price,
    k.best_price                    AS trade_price,
    CAST(NULL AS DECIMAL(14, 2))    AS carry_amount,
    CAST(NULL AS DECIMAL(12, 6))    AS prx_plus_carry,
    CAST(NULL AS DECIMAL(6, 3))     AS tolerance_pct,
    k.kickout_code,
    k.kickout_reason,
    k.opportunity_cost
FROM pfill_kickout_guide_01 AS k
