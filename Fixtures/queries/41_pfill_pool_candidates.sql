-- Dashboard 17 "PowerFill: Pool Candidates": every (loan, trade) candidacy from Step 3
-- (pfill_loan2trade_candy_level_01) with its carry-aware score prx_plus_carry.
-- Portable SQL (PostgreSQL 15 and SQL Server). No outer ORDER BY: "Top 100 by Score" is
-- a sort and row limit of the chart (Superset wraps the dataset in a derived table,
-- SQL Server Msg 1033).
SELECT
    c.run_id,
    c.loan_id,
    c.trade_id,
    c.product,
    c.market,
    c.counterparty,
    c.loan_amount,
    c.note_rate,
    c.trade_coupon,
    c.loan_price,
    c.carry_bps,
    c.prx_plus_carry,               /* price plus carry: the ranking score */
    c.candidate_rank,
    c.is_eligible
FROM pfill_loan2trade_candy_level_01 AS c
