-- Dashboard 16 "PowerFill: Pool Switching": the switching pairs of the pool guide, i.e.
-- the BR-3 actions 'Swapped In' and 'Swapped Out' (swap_pair_id links the two loans).
-- Portable SQL (PostgreSQL 15 and SQL Server). No outer ORDER BY (Superset wraps the
-- dataset in a derived table, SQL Server Msg 1033).
SELECT
    p.run_id,
    p.swap_pair_id,
    p.loan_id,
    p.pool_action,
    p.current_pool                  AS source_pool,
    p.trades_pool                   AS target_pool,
    p.pool_status,
    p.loan_amount,
    p.loan_price,
    p.trade_price,
    p.settlement_date
FROM pfill_pool_guide AS p
WHERE p.pool_action IN ('Swapped In', 'Swapped Out')   /* BR-3 switching actions */
