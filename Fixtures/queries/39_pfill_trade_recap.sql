-- Dashboard 15 "PowerFill: Trade Recap": per-trade fulfillment counters, all 35 columns
-- of pfill_trade_base listed explicitly (never SELECT *: the columns of the dataset must not
-- move when the table changes).
-- Portable SQL (PostgreSQL 15 and SQL Server). No outer ORDER BY (Superset wraps the
-- dataset in a derived table, SQL Server Msg 1033).
SELECT
    /* identity */
    t.trade_id,
    t.run_id,
    t.trade_number,
    t.counterparty,
    t.instrument,
    t.agency,
    t.product,
    t.trade_type,
    t.buy_sell,
    /* terms */
    t.coupon,
    t.trade_amount,
    t.trade_price,
    t.trade_date,
    t.settlement_date,
    t.notification_date,
    t.tolerance_pct,
    t.min_fill_amount,
    t.max_fill_amount,
    /* fulfillment, pre vs post session */
    t.designated_amount,
    t.pre_session_need,
    t.pre_session_space,
    t.post_session_need,
    t.post_session_space,
    t.allocated_loan_count,
    t.allocated_amount,
    t.fulfillment_pct,
    t.avg_note_rate,
    t.avg_loan_price,
    t.carry_amount,
    t.pair_off_amount,
    /* pooling and bookkeeping */
    t.pool_name,
    t.is_pooled,
    t.trade_status,
    t.created_at,
    t.updated_at
FROM pfill_trade_base AS t
