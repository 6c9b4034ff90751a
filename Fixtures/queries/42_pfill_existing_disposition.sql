-- Dashboard 18 "PowerFill: Existing Pool Disposition": for every existing pool that holds
-- an 'at risk' loan, each loan of that pool with its current pool, the recommended pool,
-- pool_action, pool_status and risk_status ('in_risk' / 'not_in_risk').
-- Defensive query (F-8-BR-1 / A63): it reads the upstream tables loan + rmcat_loan +
-- loan_shipped + pfill_pool_guide directly instead of the pfillv_existng_pool_disposition
-- view, and it never outputs note_rate (the legacy view lacks it, A62).
-- Portable SQL (PostgreSQL 15 and SQL Server). No outer ORDER BY (Superset wraps the
-- dataset in a derived table, SQL Server Msg 1033). The query starts with WITH: a row
-- count wrapper must hoist the CTEs (F-8-4), SELECT COUNT(*) FROM (WITH ...) is not T-SQL.
WITH
/* 0030: loans that risk management segments as 'at risk' */
cte_epd_0030 (loan_id, segment_name) AS (
    SELECT r.loan_id, r.segment_name
    FROM rmcat_loan AS r
    WHERE r.segment_name = 'at risk'
),
/* 0060: the existing pool each at-risk loan was shipped into */
cte_epd_0060 (loan_id, pool_name) AS (
    SELECT s.loan_id, s.pool_name
    FROM loan_shipped AS s
    JOIN cte_epd_0030 AS a ON a.loan_id = s.loan_id
),
/* 0090: the pools that hold at least one at-risk loan */
cte_epd_0090 (pool_name, at_risk_loan_count) AS (
    SELECT x.pool_name, COUNT(*)
    FROM cte_epd_0060 AS x
    GROUP BY x.pool_name
),
/* 0120: every loan currently in one of those pools */
cte_epd_0120 AS (
    SELECT s.loan_id, s.pool_name, s.investor, s.pool_status, s.ship_date,
           s.shipped_amount, p.at_risk_loan_count
    FROM loan_shipped AS s
    JOIN cte_epd_0090 AS p ON p.pool_name = s.pool_name
),
/* 0180: loan attributes, deliberately without note_rate */
cte_epd_0180 AS (
    SELECT c.loan_id, c.pool_name, c.investor, c.pool_status, c.ship_date,
           c.shipped_amount, c.at_risk_loan_count,
           l.loan_number, l.product, l.loan_amount, l.fico, l.ltv
    FROM cte_epd_0120 AS c
    JOIN loan AS l ON l.loan_id = c.loan_id
),
/* 0360: risk status of each loan in the pool */
cte_epd_0360 AS (
    SELECT d.*,
           CASE WHEN a.loan_id IS NOT NULL THEN 'in_risk' ELSE 'not_in_risk' END AS risk_status
    FROM cte_epd_0180 AS d
    LEFT JOIN cte_epd_0030 AS a ON a.loan_id = d.loan_id
),
/* 0600: PowerFill recommendation, LEFT JOIN because BR-9 may have cleared the guide */
cte_epd_0600 AS (
    SELECT e.loan_id, e.loan_number, e.product, e.loan_amount, e.fico, e.ltv,
           e.investor, e.ship_date, e.shipped_amount,
           e.pool_name                AS pool,
           g.trades_pool              AS recommended_pool,
           g.pool_action,
           e.pool_status,
           e.risk_status,
           e.at_risk_loan_count
    FROM cte_epd_0360 AS e
    LEFT JOIN pfill_pool_guide AS g ON g.loan_id = e.loan_id
)
SELECT
    f.loan_id,
    f.loan_number,
    f.product,
    f.loan_amount,
    f.fico,
    f.ltv,
    f.investor,
    f.ship_date,
    f.shipped_amount,
    f.pool,
    f.recommended_pool,
    f.pool_action,
    f.pool_status,
    f.risk_status,
    f.at_risk_loan_count
FROM cte_epd_0600 AS f
