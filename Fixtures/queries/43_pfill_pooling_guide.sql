-- Dashboard 19 "PowerFill: Pooling Guide": one row per recommended pool (trades_pool) of
-- pfill_pool_guide with distinct loans, distinct trades, loan amount, and one count per
-- BR-3 pool_action (all 8 values, see Fixtures/README.md). Loans without a recommended
-- pool (Leaving, Held, Unassigned) form the group 'Unpooled'.
-- Portable SQL (PostgreSQL 15 and SQL Server). No outer ORDER BY (Superset wraps the
-- dataset in a derived table, SQL Server Msg 1033). Flags are CASE ... THEN 1 ELSE 0,
-- never boolean literals.
WITH guide AS (
    SELECT COALESCE(p.trades_pool, 'Unpooled') AS trades_pool,
           p.loan_id, p.trade_id, p.loan_amount, p.pool_action
    FROM pfill_pool_guide AS p
)
SELECT
    g.trades_pool,
    COUNT(DISTINCT g.loan_id)                                            AS loan_count,
    COUNT(DISTINCT g.trade_id)                                           AS trade_count,
    SUM(g.loan_amount)                                                   AS total_loan_amount,
    /* one column per BR-3 pool_action value */
    SUM(CASE WHEN g.pool_action = 'Remaining'   THEN 1 ELSE 0 END)       AS remaining_count,
    SUM(CASE WHEN g.pool_action = 'Joining'     THEN 1 ELSE 0 END)       AS joining_count,
    SUM(CASE WHEN g.pool_action = 'Leaving'     THEN 1 ELSE 0 END)       AS leaving_count,
    SUM(CASE WHEN g.pool_action = 'Swapped In'  THEN 1 ELSE 0 END)       AS swapped_in_count,
    SUM(CASE WHEN g.pool_action = 'Swapped Out' THEN 1 ELSE 0 END)       AS swapped_out_count,
    SUM(CASE WHEN g.pool_action = 'New Pool'    THEN 1 ELSE 0 END)       AS new_pool_count,
    SUM(CASE WHEN g.pool_action = 'Held'        THEN 1 ELSE 0 END)       AS held_count,
    SUM(CASE WHEN g.pool_action = 'Unassigned'  THEN 1 ELSE 0 END)       AS unassigned_count
FROM guide AS g
GROUP BY g.trades_pool
