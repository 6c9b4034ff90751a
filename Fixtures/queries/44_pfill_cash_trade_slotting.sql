-- Dashboard 20 "PowerFill: Cash Trade Slotting": the cash-market map, one row per
-- (investor_instrument, loan_instrument) pair with its cash_grid_type.
-- Portable SQL (PostgreSQL 15 and SQL Server). No outer ORDER BY (Superset wraps the
-- dataset in a derived table, SQL Server Msg 1033).
/* The slot fields are typed NULLs on purpose, matching the Phase 7 wire shape: Step 1
   (psp_pfill_bx_cash_grids) is skipped on this data (A12) so pscat_trade_cash_grid stays
   empty, and there is no key from pfill_cash_market_map to it yet (Phase 9). */
SELECT
    m.map_id,
    m.investor_instrument,
    m.loan_instrument,
    m.cash_grid_type,
    m.investor,
    m.agency,
    m.min_coupon,
    m.max_coupon,
    m.effective_date,
    CAST(NULL AS VARCHAR(20))     AS trade_id,
    CAST(NULL AS DECIMAL(9, 5))   AS rate,
    CAST(NULL AS INT)             AS sequence_number,
    CAST(NULL AS DECIMAL(12, 6))  AS price,
    CAST(NULL AS VARCHAR(64))     AS syntax_name
FROM pfill_cash_market_map AS m
