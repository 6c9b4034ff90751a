-- Fixture schema of the PowerFill tenant database (local stand-in for PS_DemoData).
--
-- Table and column names follow the PowerFill dashboards (queries 37..44); the column
-- sets are our own plausible model of a mortgage pipeline-to-trade allocation engine.
-- Types are chosen so that the same DDL reads naturally as SQL Server's
-- (varchar, numeric, date, timestamp ~ datetime2, int, bigint; flags are int 0/1).
--
-- Loaded by ci/db-load inside one transaction as gate_owner; every table is dropped and
-- recreated so a reload always starts from this file.

DROP TABLE IF EXISTS pfill_run_history CASCADE;
DROP TABLE IF EXISTS pfill_powerfill_guide CASCADE;
DROP TABLE IF EXISTS pfill_kickout_guide_01 CASCADE;
DROP TABLE IF EXISTS pfill_trade_base CASCADE;
DROP TABLE IF EXISTS pfill_pool_guide CASCADE;
DROP TABLE IF EXISTS pfill_loan2trade_candy_level_01 CASCADE;
DROP TABLE IF EXISTS pfill_cash_market_map CASCADE;
DROP TABLE IF EXISTS loan_shipped CASCADE;
DROP TABLE IF EXISTS rmcat_loan CASCADE;
DROP TABLE IF EXISTS loan CASCADE;

-- ---------------------------------------------------------------------------------------
-- Upstream (tenant) tables: survive PowerFill's BR-9 cleanup.
-- ---------------------------------------------------------------------------------------

-- Pipeline and shipped loans. note_rate exists here; dashboard 18 must not output it (A62/A63).
CREATE TABLE loan (
  loan_id          varchar(20)   NOT NULL PRIMARY KEY,
  loan_number      varchar(20)   NOT NULL,
  borrower_last    varchar(40)   NOT NULL,
  product          varchar(20)   NOT NULL,        -- CONV30, CONV15, FHA30, VA30
  loan_purpose     varchar(10)   NOT NULL,        -- Purchase, Refi
  occupancy        varchar(12)   NOT NULL,
  property_state   char(2)       NOT NULL,
  loan_amount      numeric(14,2) NOT NULL,
  note_rate        numeric(6,3)  NOT NULL,
  fico             int           NOT NULL,
  ltv              numeric(6,2)  NOT NULL,
  lock_date        date          NOT NULL,
  lock_expiration  date          NOT NULL,
  closing_date     date          NULL,
  funding_date     date          NULL,
  loan_status      varchar(20)   NOT NULL         -- Locked, Closed, Funded, Shipped
);

-- Risk-management categorisation of loans; dashboard 18 needs segment_name = 'at risk'.
CREATE TABLE rmcat_loan (
  loan_id          varchar(20)   NOT NULL,
  segment_name     varchar(40)   NOT NULL,        -- performing, watch, at risk
  category         varchar(40)   NOT NULL,
  as_of_date       date          NOT NULL,
  PRIMARY KEY (loan_id, segment_name)
);

-- Loans already delivered into (existing) pools.
CREATE TABLE loan_shipped (
  loan_id          varchar(20)   NOT NULL PRIMARY KEY,
  pool_name        varchar(30)   NOT NULL,
  investor         varchar(40)   NOT NULL,
  pool_status      varchar(20)   NOT NULL,        -- Open, Pending Settle, Settled
  ship_date        date          NOT NULL,
  shipped_amount   numeric(14,2) NOT NULL
);

-- ---------------------------------------------------------------------------------------
-- PowerFill tables
-- ---------------------------------------------------------------------------------------

-- Audit trail of engine runs (PSSaaS-only; survives BR-9 cleanup). duration_ms is written
-- by the engine when a run ends: query 37 derives duration_seconds from it, because a
-- timestamp difference in seconds has no portable SQL spelling (DATEDIFF vs EXTRACT).
CREATE TABLE pfill_run_history (
  run_id               varchar(36)   NOT NULL PRIMARY KEY,  -- GUID text, upper case
  tenant_id            varchar(40)   NOT NULL,
  status               varchar(20)   NOT NULL,   -- Pending, Allocating, Complete, Failed, Cancelled
  triggered_by         varchar(60)   NOT NULL,
  engine_version       varchar(20)   NOT NULL,
  started_at           timestamp     NOT NULL,
  ended_at             timestamp     NULL,
  duration_ms          bigint        NULL,
  input_loan_count     int           NOT NULL,
  input_trade_count    int           NOT NULL,
  output_guide_count   int           NULL,
  output_kickout_count int           NULL,
  failed_step          varchar(40)   NULL,       -- e.g. pool_guide
  failure_message      varchar(2000) NULL
);

-- Step 4 output: one row per allocated loan.
CREATE TABLE pfill_powerfill_guide (
  run_id           varchar(36)   NOT NULL,
  loan_id          varchar(20)   NOT NULL,
  trade_id         varchar(20)   NOT NULL,
  product          varchar(20)   NOT NULL,
  instrument       varchar(20)   NOT NULL,
  counterparty     varchar(40)   NOT NULL,
  loan_amount      numeric(14,2) NOT NULL,
  note_rate        numeric(6,3)  NOT NULL,
  trade_coupon     numeric(6,3)  NOT NULL,
  settlement_date  date          NOT NULL,
  loan_price       numeric(12,6) NOT NULL,
  trade_price      numeric(12,6) NOT NULL,
  carry_amount     numeric(14,2) NOT NULL,
  prx_plus_carry   numeric(12,6) NOT NULL,
  tolerance_pct    numeric(6,3)  NOT NULL,
  allocation_rank  int           NOT NULL,
  PRIMARY KEY (run_id, loan_id)
);

-- Step 4 output: loans that could not be allocated, with the reason.
CREATE TABLE pfill_kickout_guide_01 (
  run_id             varchar(36)   NOT NULL,
  loan_id            varchar(20)   NOT NULL,
  product            varchar(20)   NOT NULL,
  loan_amount        numeric(14,2) NOT NULL,
  note_rate          numeric(6,3)  NOT NULL,
  best_trade_id      varchar(20)   NULL,
  best_instrument    varchar(20)   NULL,
  best_counterparty  varchar(40)   NULL,
  best_price         numeric(12,6) NULL,
  kickout_code       varchar(10)   NOT NULL,
  kickout_reason     varchar(200)  NOT NULL,
  opportunity_cost   numeric(14,2) NOT NULL,
  PRIMARY KEY (run_id, loan_id)
);

-- Step 4 output: per-trade fulfillment counters. Exactly 35 columns.
CREATE TABLE pfill_trade_base (
  trade_id              varchar(20)   NOT NULL PRIMARY KEY,   --  1
  run_id                varchar(36)   NOT NULL,               --  2
  trade_number          varchar(20)   NOT NULL,               --  3
  counterparty          varchar(40)   NOT NULL,               --  4
  instrument            varchar(20)   NOT NULL,               --  5
  agency                varchar(10)   NOT NULL,               --  6
  product               varchar(20)   NOT NULL,               --  7
  trade_type            varchar(10)   NOT NULL,               --  8 TBA, Spec
  buy_sell              char(1)       NOT NULL,               --  9
  coupon                numeric(6,3)  NOT NULL,               -- 10
  trade_amount          numeric(16,2) NOT NULL,               -- 11
  trade_price           numeric(12,6) NOT NULL,               -- 12
  trade_date            date          NOT NULL,               -- 13
  settlement_date       date          NOT NULL,               -- 14
  notification_date     date          NOT NULL,               -- 15
  tolerance_pct         numeric(6,3)  NOT NULL,               -- 16
  min_fill_amount       numeric(16,2) NOT NULL,               -- 17
  max_fill_amount       numeric(16,2) NOT NULL,               -- 18
  designated_amount     numeric(16,2) NOT NULL,               -- 19
  pre_session_need      numeric(16,2) NOT NULL,               -- 20
  pre_session_space     numeric(16,2) NOT NULL,               -- 21
  post_session_need     numeric(16,2) NOT NULL,               -- 22
  post_session_space    numeric(16,2) NOT NULL,               -- 23
  allocated_loan_count  int           NOT NULL,               -- 24
  allocated_amount      numeric(16,2) NOT NULL,               -- 25
  fulfillment_pct       numeric(7,3)  NOT NULL,               -- 26
  avg_note_rate         numeric(6,3)  NULL,                   -- 27
  avg_loan_price        numeric(12,6) NULL,                   -- 28
  carry_amount          numeric(14,2) NOT NULL,               -- 29
  pair_off_amount       numeric(16,2) NOT NULL,               -- 30
  pool_name             varchar(30)   NULL,                   -- 31
  is_pooled             int           NOT NULL,               -- 32 0/1
  trade_status          varchar(20)   NOT NULL,               -- 33 Open, Filled, Partial
  created_at            timestamp     NOT NULL,               -- 34
  updated_at            timestamp     NOT NULL                -- 35
);

-- Step 5 output (the table A54 fails to populate): one row per loan and run, with the
-- BR-3 pool_action (8 values, see Fixtures/README.md). Swaps come in pairs (swap_pair_id).
CREATE TABLE pfill_pool_guide (
  run_id           varchar(36)   NOT NULL,
  loan_id          varchar(20)   NOT NULL,
  trade_id         varchar(20)   NULL,
  current_pool     varchar(30)   NULL,            -- pool the loan sits in today
  trades_pool      varchar(30)   NULL,            -- recommended pool
  pool_action      varchar(20)   NOT NULL,
  pool_status      varchar(20)   NOT NULL,        -- Open, Pending Settle, New, None
  swap_pair_id     int           NULL,
  loan_amount      numeric(14,2) NOT NULL,
  loan_price       numeric(12,6) NULL,
  trade_price      numeric(12,6) NULL,
  settlement_date  date          NULL,
  PRIMARY KEY (run_id, loan_id),
  CHECK (pool_action IN ('Remaining', 'Joining', 'Leaving', 'Swapped In', 'Swapped Out',
                         'New Pool', 'Held', 'Unassigned'))
);

-- Step 3 output: every (loan, trade) candidacy with its carry-aware score.
CREATE TABLE pfill_loan2trade_candy_level_01 (
  run_id           varchar(36)   NOT NULL,
  loan_id          varchar(20)   NOT NULL,
  trade_id         varchar(20)   NOT NULL,
  product          varchar(20)   NOT NULL,
  market           varchar(20)   NOT NULL,        -- instrument / market of the trade
  counterparty     varchar(40)   NOT NULL,
  loan_amount      numeric(14,2) NOT NULL,
  note_rate        numeric(6,3)  NOT NULL,
  trade_coupon     numeric(6,3)  NOT NULL,
  loan_price       numeric(12,6) NOT NULL,
  carry_bps        numeric(8,3)  NOT NULL,
  prx_plus_carry   numeric(12,6) NOT NULL,
  candidate_rank   int           NOT NULL,
  is_eligible      int           NOT NULL,        -- 0/1
  PRIMARY KEY (run_id, loan_id, trade_id)
);

-- Step 4 cash-market map: which cash grid applies to a (loan_instrument, investor_instrument)
-- pair. Survives a Failed run (A58); UE clears and rebuilds it (A66).
CREATE TABLE pfill_cash_market_map (
  map_id               int           NOT NULL PRIMARY KEY,
  investor_instrument  varchar(20)   NOT NULL,
  loan_instrument      varchar(20)   NOT NULL,
  cash_grid_type       varchar(20)   NOT NULL,    -- Standard, High Balance, Jumbo, Government
  investor             varchar(40)   NOT NULL,
  agency               varchar(10)   NOT NULL,
  min_coupon           numeric(6,3)  NOT NULL,
  max_coupon           numeric(6,3)  NOT NULL,
  effective_date       date          NOT NULL,
  UNIQUE (investor_instrument, loan_instrument)
);
