import Foundation
import Testing
@testable import GateKit

/// Case tables for `SQLLint`: real-world dataset shapes that must pass, and mistakes that must be
/// reported with the right rule at the right token.
enum LintCases {
    static let clean: [String] = [
        "SELECT a, b FROM t",
        "SELECT a FROM t;",
        "SELECT a FROM t;;",
        "SELECT CASE WHEN a > 0 THEN 'pos' WHEN a < 0 THEN 'neg' ELSE 'zero' END AS sign FROM t",
        "SELECT CASE x WHEN 1 THEN 'a' END AS [case], [end] FROM t",
        "SELECT a, ROW_NUMBER() OVER (PARTITION BY b ORDER BY c DESC) AS rn FROM t",
        "SELECT a, SUM(x) OVER (ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM t",
        "SELECT LAG(a, 1) OVER (PARTITION BY g ORDER BY d) AS prev, FIRST_VALUE(a) OVER (ORDER BY d) AS first FROM t",
        "SELECT g, STRING_AGG(name, ', ') WITHIN GROUP (ORDER BY name) AS names FROM t GROUP BY g",
        "SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x) OVER (PARTITION BY g) AS med FROM t",
        "SELECT c.id, o.total FROM customers AS c CROSS APPLY (SELECT TOP 1 total FROM orders WHERE orders.cid = c.id ORDER BY created DESC) AS o",
        "SELECT c.id, o.total FROM customers c OUTER APPLY (SELECT TOP (1) o.total FROM orders o WHERE o.cid = c.id ORDER BY o.created DESC) o",
        "SELECT a, x.value FROM t CROSS APPLY STRING_SPLIT(t.tags, ';') AS x",
        "SELECT * FROM (SELECT region, yr, amount FROM sales) AS s PIVOT (SUM(amount) FOR yr IN ([2021], [2022], [2023])) AS p",
        "SELECT id, attr, val FROM t UNPIVOT (val FOR attr IN (a, b, c)) AS u",
        "SELECT a FROM t WITH (NOLOCK) JOIN u WITH (NOLOCK, INDEX(ix_u)) ON u.id = t.id",
        "SELECT a FROM t AS t1 WITH (INDEX(ix_a), FORCESEEK)",
        "SELECT a FROM t (NOLOCK)",
        "SELECT a FROM t OPTION (RECOMPILE)",
        "SELECT a FROM t INNER MERGE JOIN u ON u.id = t.id",
        "SELECT a FROM t INNER HASH JOIN u ON u.id = t.id OPTION (MERGE JOIN, HASH JOIN)",
        "SELECT a FROM t LEFT OUTER MERGE JOIN u ON u.id = t.id OPTION (MERGE UNION, MAXDOP 1)",
        "SELECT a FROM t WHERE a = 1 OPTION (USE HINT ('FORCE_LEGACY_CARDINALITY_ESTIMATION'))",
        "SELECT a FROM t WHERE a = @p OPTION (OPTIMIZE FOR (@p UNKNOWN))",
        "SELECT TOP (10) PERCENT a FROM t ORDER BY a",
        "SELECT TOP 5 WITH TIES a FROM t ORDER BY a DESC",
        "SELECT TOP(@n) a FROM t ORDER BY a",
        "SELECT DISTINCT TOP 10 a FROM t ORDER BY a",
        "SELECT ALL TOP 10 a FROM t ORDER BY a",
        "select distinct top 10 percent with ties a from t order by a",
        "SELECT TOP 5 a - b AS minus FROM t ORDER BY minus",
        "SELECT TOP 5 a, offset FROM t ORDER BY offset",
        "SELECT a FROM t ORDER BY a OFFSET 10 ROWS FETCH NEXT 20 ROWS ONLY",
        "SELECT a FROM t ORDER BY a DESC OFFSET 0 ROWS",
        "SELECT a FROM t ORDER BY a OFFSET @skip ROWS FETCH FIRST @take ROW ONLY",
        "SELECT a FROM t ORDER BY a OFFSET (@page - 1) * @size ROWS FETCH NEXT @size ROWS ONLY",
        "SELECT offset FROM t ORDER BY offset OFFSET 0 ROWS",
        "SELECT STUFF((SELECT ',' + name FROM t FOR XML PATH('')), 1, 1, '') AS names",
        "SELECT a, b FROM t ORDER BY a FOR XML PATH('row'), ROOT('rows')",
        "SELECT a FROM t ORDER BY a FOR XML AUTO, TYPE",
        "SELECT a, b FROM t ORDER BY a FOR JSON PATH",
        "SELECT a FROM t ORDER BY a FOR JSON AUTO, WITHOUT_ARRAY_WRAPPER",
        "SELECT a FROM #temp AS x JOIN ##global g ON g.id = x.id WHERE x.d > @since",
        "SELECT @@ROWCOUNT AS rc, @@VERSION AS v",
        "SELECT * FROM dbo.emp FOR SYSTEM_TIME AS OF '2024-01-01' AS e",
        "SELECT * FROM dbo.emp FOR SYSTEM_TIME BETWEEN @a AND @b AS e",
        "SELECT x.a FROM srv.db.dbo.t AS x JOIN db.dbo.u AS y ON y.id = x.id JOIN db..v AS z ON z.id = y.id",
        "SELECT [order], [Order By], [select] FROM [dbo].[order details]",
        "SELECT [update] AS [delete], [insert], [drop table] FROM t",
        "SELECT t.[order], t.[group] FROM t",
        "SELECT a AS [Order], b AS \"Order By\" FROM t",
        "SELECT \"select\", \"from\" FROM \"my table\"",
        "SELECT 'ORDER BY x' AS s, 'a;b' AS t2, '-- not a comment' AS u, '/* nor this */' AS v FROM t",
        "SELECT a FROM t WHERE b = 'it''s -- fine; ORDER BY x'",
        "SELECT ')' AS paren, '(' AS open_paren FROM t",
        "SELECT N'ÄÖÜ ORDER BY' AS label, N'it''s' AS q, n'lower' AS l FROM t",
        "SELECT a -- ORDER BY a\nFROM t",
        "SELECT a /* ORDER BY a */ FROM t",
        "SELECT a /* outer /* nested ORDER BY */ still comment ORDER BY; */ FROM t",
        "SELECT a FROM t /* unbalanced ( in comment */",
        "SELECT a FROM t -- comment at the end without newline",
        "SELECT a FROM t\nWHERE c = ';' -- trailing; comment\n",
        "SELECT 1 AS go",
        "SELECT a\nFROM t AS go_table",
        "WITH c (a, b) AS (SELECT 1, 2) SELECT a, b FROM c",
        "WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a) SELECT x FROM b",
        "WITH r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 100) SELECT n FROM r OPTION (MAXRECURSION 200)",
        "WITH top5 AS (SELECT TOP 5 a FROM t ORDER BY a DESC) SELECT a FROM top5",
        "WITH c AS (SELECT a FROM t ORDER BY a OFFSET 0 ROWS) SELECT a FROM c",
        "WITH [my cte] ([a b]) AS (SELECT 1) SELECT [a b] FROM [my cte]",
        ";WITH c AS (SELECT 1 AS x) SELECT x FROM c",
        "-- header\n/* block */\n;WITH c AS (SELECT 1 AS x) SELECT x FROM c;",
        "WITH c AS (SELECT 1 AS x)\n-- the main query\nSELECT x FROM c\n;\n",
        "WITH XMLNAMESPACES ('http://x' AS ns) SELECT a FROM t",
        "WITH XMLNAMESPACES ('http://x' AS ns), c AS (SELECT 1 AS a) SELECT a FROM c",
        "WITH c AS (SELECT a FROM t UNION ALL SELECT a FROM u) SELECT a FROM c WHERE a > 0",
        "SELECT a, (SELECT TOP 1 b FROM u WHERE u.id = t.id ORDER BY b) AS first_b FROM t",
        "SELECT a FROM t WHERE a IN (SELECT TOP 3 a FROM u ORDER BY a)",
        "SELECT a FROM t WHERE b IN (SELECT b FROM u ORDER BY b OFFSET 0 ROWS)",
        "SELECT a FROM (SELECT a, ROW_NUMBER() OVER (ORDER BY a) rn FROM t) x WHERE rn <= 10",
        "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id = t.id)",
        "(SELECT TOP 5 a FROM t ORDER BY a) UNION (SELECT TOP 5 a FROM u ORDER BY a)",
        "SELECT a FROM t UNION ALL (SELECT TOP 1 a FROM u ORDER BY a)",
        "SELECT a FROM t UNION ALL SELECT a FROM u ORDER BY a OFFSET 0 ROWS",
        "SELECT a FROM t UNION SELECT a FROM u ORDER BY a FOR XML PATH",
        "SELECT a FROM t EXCEPT SELECT a FROM u",
        "SELECT a FROM t INTERSECT SELECT a FROM u",
        "SELECT a FROM t UNION SELECT a FROM u UNION ALL SELECT a FROM v",
        "SELECT DISTINCT a FROM t UNION SELECT b FROM u",
        "SELECT a FROM t\n\tUNION ALL -- second branch\n\tSELECT a FROM u",
        "SELECT a FROM t WHERE a = 1\r\nUNION ALL\r\nSELECT a FROM u\r\n",
        "(SELECT a FROM t)",
        "((SELECT TOP 3 a FROM t ORDER BY a));",
        "SELECT ünïcødé, 名前 FROM tëst AS t WHERE 名前 = N'日本語'",
        "SELECT a,\r\n       b\r\nFROM t\r\nWHERE a <> 1\r\n",
        "SELECT price$, $PARTITION.pf(a) AS p FROM t",
        "SELECT 1e10 AS big, .5 AS half, 0x1F AS hex, 1.5E-3 AS small, 3. AS three, 1E+2 AS hundred",
        "SELECT CASE WHEN 1 = 1 THEN 1ELSE 0 END AS x",
        "SELECT a FROM t WHERE a <> 1 AND b != 2 AND c >= 3 AND d <= 4 AND e !< 5 AND f !> 6",
        "SELECT a % 2 AS parity, a & 1 AS bit, a | 2 AS orr, a ^ 3 AS xorr, ~a AS nott FROM t",
        "SELECT a FROM t GROUP BY a WITH ROLLUP",
        "SELECT a, b FROM t GROUP BY a, b WITH CUBE HAVING COUNT(*) > 0",
        "SELECT a FROM t GROUP BY ROLLUP(a), CUBE(b), GROUPING SETS ((a), ())",
        "SELECT * FROM OPENJSON(@json) WITH (id int '$.id', name nvarchar(50) '$.name') AS j",
        "SELECT a, j.id FROM t CROSS APPLY OPENJSON(t.doc) WITH (id int) AS j",
        "SELECT geography::Point(47.6, -122.3, 4326).STAsText() AS p",
        "SELECT a FROM t WHERE d >= DATEADD(day, -7, GETDATE()) AND s LIKE '%[_]x%'",
        "SELECT REPLACE(a, 'x', 'y') AS r, COALESCE(b, 0) AS b FROM t",
        "SELECT IIF(a > 0, 1, 0) AS pos, CHOOSE(2, 'a', 'b') AS c FROM t",
        "SELECT CONVERT(varchar(10), d, 120) AS day, TRY_CAST(a AS int) AS n FROM t",
        "SELECT a FROM t WHERE b = N'x' COLLATE Latin1_General_CI_AS",
        "SELECT a FROM t TABLESAMPLE (10 PERCENT)",
        "SELECT * FROM CHANGETABLE(CHANGES dbo.t, 0) AS ct",
        "SELECT d.name FROM sys.databases d JOIN sys.master_files f ON f.database_id = d.database_id",
        "SELECT a FROM t WHERE CONTAINS(body, '\"order by\"')",
        "SELECT * FROM OPENQUERY(lnk, 'SELECT a FROM t ORDER BY a; DELETE FROM x')",
        "\u{FEFF}SELECT a FROM t",
        "SELECT\u{00A0}a\u{00A0}FROM t",
        "SELECT a AS [Update], b AS [Exec], c AS [Into] FROM t",
        "SELECT t.a FROM dbo.t AS t WHERE t.a IS NOT NULL AND t.b BETWEEN 1 AND 2",
        "SELECT TOP 100 PERCENT a FROM t ORDER BY a",
        "SELECT order_date, update_ts, deleted_flag, insert_dt, exec_time, merge_key, set_id, go_live, if_code, use_case FROM t",
        "SELECT a FROM t ORDER BY a OFFSET 5 ROW",
        "SELECT NEXT VALUE FOR dbo.seq AS n",
        "SELECT a FROM t ORDER BY a FOR XML RAW('r'), ELEMENTS",
        "SELECT ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS rn FROM t",
        "SELECT TOP 10 * FROM (SELECT a FROM t UNION SELECT b FROM u) x ORDER BY 1",
        "WITH c AS (SELECT 1 AS a) SELECT TOP 10 a FROM c ORDER BY a",
        "SELECT a FROM t OPTION (FORCE ORDER, LOOP JOIN, MERGE JOIN, KEEPFIXED PLAN, TABLE HINT (t, NOLOCK))",
        "SELECT a FROM t WHERE x = 'WITH c AS (SELECT 1) SELECT 2; DELETE FROM t'",
        "SELECT a FROM (VALUES (1), (2)) AS v(a)",
        "SELECT d AT TIME ZONE 'UTC' AT TIME ZONE 'Central European Standard Time' AS local_time FROM t",
        "SELECT SUM(a) OVER w AS s FROM t WINDOW w AS (PARTITION BY b ORDER BY c)",
        "SELECT x.value('(/r/a)[1]', 'int') AS a FROM t CROSS APPLY doc.nodes('/r') AS n(x)",
        "SELECT * FROM OPENQUERY(lnk, 'SELECT a FROM t ORDER BY a')",
        "SELECT t.order, t.update, x.delete FROM t JOIN x ON x.id = t.id",
        // ORDER BY inside parentheses that is no query's ORDER BY, or that TOP, OFFSET or FOR XML/JSON exempts.
        "SELECT a FROM (SELECT a, ROW_NUMBER() OVER (PARTITION BY g ORDER BY b) AS rn FROM t) AS x WHERE rn = 1",
        "SELECT a FROM (SELECT a, SUM(x) OVER (PARTITION BY a ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS r FROM t) AS q",
        "SELECT a FROM (SELECT a, ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS rn FROM t) AS x",
        "SELECT g FROM (SELECT g, STRING_AGG(n, ',') WITHIN GROUP (ORDER BY n) AS s FROM t GROUP BY g) AS q",
        "SELECT m FROM (SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x) OVER () AS m FROM t) AS p",
        "WITH c AS (SELECT PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY x DESC) OVER (PARTITION BY g) AS p FROM t) SELECT p FROM c",
        "SELECT a FROM (SELECT SUM(a) OVER w AS a FROM t WINDOW w AS (ORDER BY b)) AS x",
        "SELECT a FROM (SELECT TOP 1 a FROM t ORDER BY a) AS x",
        "SELECT a FROM (SELECT DISTINCT TOP (5) PERCENT WITH TIES a FROM t ORDER BY a) AS x",
        "WITH c AS (SELECT TOP (10) PERCENT WITH TIES a FROM t ORDER BY a) SELECT a FROM c",
        "SELECT a FROM (SELECT a FROM t ORDER BY a OFFSET 0 ROWS) AS x",
        "SELECT a FROM (SELECT a, offset FROM t ORDER BY offset OFFSET 0 ROWS) AS x",
        "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id = t.id ORDER BY u.id OFFSET 0 ROWS FETCH NEXT 1 ROW ONLY)",
        "SELECT (SELECT a FROM t ORDER BY a FOR XML PATH('')) AS x",
        "SELECT (SELECT a, b FROM t ORDER BY a FOR JSON PATH, WITHOUT_ARRAY_WRAPPER) AS j",
        "SELECT id, STUFF((SELECT ',' + name FROM u WHERE u.id = t.id ORDER BY name FOR XML PATH('')), 1, 1, '') AS names FROM t",
        "SELECT id, STUFF((SELECT ',' + name FROM u WHERE u.id = t.id ORDER BY name FOR XML PATH(''), TYPE).value('.', 'nvarchar(max)'), 1, 1, '') AS n FROM t",
        "WITH r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 100) SELECT n FROM r",
        "WITH r (id, lvl) AS (SELECT id, 0 FROM t WHERE parent IS NULL UNION ALL SELECT t.id, r.lvl + 1 FROM t JOIN r ON t.parent = r.id) SELECT id, lvl FROM r",
        "SELECT a FROM (SELECT a FROM x UNION SELECT b FROM y ORDER BY 1 OFFSET 0 ROWS) AS s",
        "SELECT a FROM ((SELECT TOP 5 a FROM x ORDER BY a) UNION (SELECT TOP 5 b FROM y ORDER BY b)) AS s",
        "SELECT a FROM (SELECT TOP 5 a FROM x UNION SELECT b FROM y) AS s",
        "SELECT a FROM (SELECT a FROM t) AS x ORDER BY a OFFSET 0 ROWS",
        "SELECT a FROM t WHERE a IN (SELECT a FROM u WHERE b IN (SELECT TOP 1 b FROM v ORDER BY b))",
        "SELECT a FROM OPENQUERY(lnk, 'SELECT a FROM (SELECT a FROM t ORDER BY a) x')",
        "SELECT a FROM t /* (SELECT a FROM u ORDER BY a) */ -- (SELECT b FROM v ORDER BY b)",
        "SELECT a FROM (SELECT t.order, t.[by] FROM t) AS x",
        "SELECT a FROM (SELECT [order], [by] FROM t) AS x",
        // Every column of the outermost select list has a name, and no name is taken twice.
        "SELECT a AS x, b AS y FROM t",
        "SELECT COUNT(*) AS n FROM t",
        "SELECT n = COUNT(*) FROM t",
        "SELECT [n] = COUNT(*), 'total' = SUM(a) FROM t",
        "SELECT COUNT(*) n, SUM(a) [sum a], MAX(b) 'max b' FROM t",
        "SELECT t.a, u.b, [s].[t].[c], db.s.t.d, srv.db..e FROM t JOIN u ON u.id = t.id",
        "SELECT *, t.* FROM t",
        "SELECT t.*, u.* FROM t JOIN u ON u.id = t.id",
        "SELECT t.*, a FROM t",
        "SELECT CAST(a AS int) AS a FROM t",
        "SELECT CASE WHEN a = 1 THEN 'x' END status FROM t",
        "SELECT CASE WHEN a = 1 THEN 'x' END AS status, CASE b WHEN 2 THEN 'y' END [kind] FROM t",
        "SELECT (SELECT MAX(b) FROM u) AS m FROM t",
        "SELECT -a AS neg, N'x' AS s, 1 AS one, NULL AS nothing, @@ROWCOUNT AS rc",
        "SELECT a FROM t UNION ALL SELECT COUNT(*) FROM u",
        "SELECT a, a + 1 AS b FROM t UNION SELECT b, b FROM u",
        "(SELECT a, b AS c FROM t) UNION (SELECT COUNT(*), 1 FROM u)",
        "WITH c (n, m) AS (SELECT COUNT(*), 1 FROM t) SELECT n, m FROM c",
        "SELECT a, b FROM t WHERE a IN (SELECT a + 1 FROM u) AND EXISTS (SELECT 1, 1 FROM v)",
        "SELECT a AS A1, b AS a2 FROM t",
        "SELECT t.a, u.a AS u_a FROM t JOIN u ON u.id = t.id",
        "SELECT \"a\", [b], c FROM t",
        "SELECT a + b AS [sum], a - b [diff], a * b 'prod', a / b \"quot\" FROM t",
        "SELECT a\n     , b\n     , c AS d\nFROM t",
        "SELECT TOP 10 a, b FROM t ORDER BY a",
        "SELECT 1 AS x WHERE 1 = 1",
        "SELECT a, b FROM t FOR XML PATH",
        "SELECT x.value('(/r/a)[1]', 'int') AS a, x.value('(/r/b)[1]', 'int') AS b FROM t CROSS APPLY doc.nodes('/r') AS n(x)",
        "SELECT SUM(a) OVER (PARTITION BY g ORDER BY d) AS running, g FROM t",
        "SELECT a, d AT TIME ZONE 'UTC' AS utc FROM t",
        "SELECT value v, [key] k, type FROM OPENJSON(@j)",
        "SELECT value FROM STRING_SPLIT(@s, ',')",
        "SELECT at a, time t, zone z, next n, value + 1 AS v1 FROM t",
        "SELECT DISTINCT(a) FROM t",
        "SELECT RIGHT(x, 2) r, CONVERT(date, d) date, x = CASE WHEN a = 1 THEN 1 END, {fn NOW()} FROM t",
        "SELECT a + ' ' + b AS full_name, [a b] AS [from], c \"where\", CAST(d AS DECIMAL(18, 3)) AS d FROM t",
        "SELECT @x = COUNT(*) FROM t",
        "SELECT @x = 1, @y = a + 1 FROM t",
        // Not read with confidence: left alone rather than risk a wrong warning.
        "SELECT a COLLATE Latin1_General_CI_AS FROM t",
        "SELECT (a) FROM t",
        "SELECT +a FROM t",
        "SELECT $ACTION AS act, price$ FROM t",
    ]

    /// Queries that are valid but draw warnings (never errors): (query, warnings as `rule@line:col`).
    static let warnings: [(String, [String])] = [
        ("SELECT a FROM t\nGO\n", ["batch-separator@2:1"]),
        ("SELECT a FROM t\ngo", ["batch-separator@2:1"]),
        ("SELECT a FROM t;\nGO", ["batch-separator@2:1"]),
        ("GO\nSELECT a FROM t\nGO 5\n", ["batch-separator@1:1", "batch-separator@3:1"]),
        ("GO\nSELECT a FROM t", ["batch-separator@1:1"]),
        ("SELECT a FROM t\n  GO -- done\n", ["batch-separator@2:3"]),
        ("-- header\nGO\nWITH c AS (SELECT 1 AS a) SELECT a FROM c;\nGO\n", ["batch-separator@2:1", "batch-separator@4:1"]),
        ("WITH c AS (SELECT a FROM t ORDER BY a) SELECT a FROM c", ["order-by-in-subquery@1:28"]),
        ("SELECT a FROM (SELECT a FROM t ORDER BY a) AS x", ["order-by-in-subquery@1:32"]),
        ("SELECT a FROM t WHERE b IN (SELECT b FROM u ORDER BY b)", ["order-by-in-subquery@1:45"]),
        ("SELECT a, (SELECT MAX(b) FROM u WHERE u.id = t.id GROUP BY u.id ORDER BY 1) AS m FROM t", ["order-by-in-subquery@1:65"]),
        ("SELECT a FROM t AS x CROSS APPLY (SELECT b FROM u WHERE u.id = x.id ORDER BY b) AS y", ["order-by-in-subquery@1:69"]),
        ("SELECT a FROM (SELECT a FROM x UNION SELECT b FROM y ORDER BY 1) AS s", ["order-by-in-subquery@1:54"]),
        ("SELECT a FROM (SELECT TOP 5 a FROM x UNION SELECT b FROM y ORDER BY 1) AS s", ["order-by-in-subquery@1:60"]),
        ("SELECT a FROM (SELECT a FROM x EXCEPT SELECT TOP 5 b FROM y ORDER BY 1) AS s", ["order-by-in-subquery@1:61"]),
        ("(SELECT a FROM t ORDER BY a) UNION ALL (SELECT a FROM u)", ["order-by-in-subquery@1:18"]),
        ("SELECT a FROM ((SELECT a FROM t ORDER BY a)) AS x", ["order-by-in-subquery@1:33"]),
        ("WITH a AS (SELECT x FROM t ORDER BY x),\nb AS (SELECT x FROM a ORDER BY x DESC)\nSELECT x FROM b",
         ["order-by-in-subquery@1:28", "order-by-in-subquery@2:23"]),
        ("WITH r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10 ORDER BY n) SELECT n FROM r", ["order-by-in-subquery@1:68"]),
        ("SELECT a FROM (SELECT DISTINCT a FROM t ORDER BY a) AS x", ["order-by-in-subquery@1:41"]),
        ("SELECT a FROM (SELECT a, ROW_NUMBER() OVER (ORDER BY b) AS rn FROM t ORDER BY rn) AS x", ["order-by-in-subquery@1:70"]),
        ("SELECT a FROM (SELECT a FROM t WHERE a IN (SELECT TOP 1 a FROM u ORDER BY a) ORDER BY a) AS x", ["order-by-in-subquery@1:78"]),
        ("SELECT a FROM (SELECT a FROM t ORDER BY a FOR BROWSE) AS x", ["order-by-in-subquery@1:32"]),
        ("SELECT a FROM (SELECT a FROM t\n  ORDER BY a) AS x\nGO", ["order-by-in-subquery@2:3", "batch-separator@3:1"]),
        ("SELECT x FROM t WHERE y = (SELECT y FROM (SELECT y FROM u ORDER BY y) AS v ORDER BY y)",
         ["order-by-in-subquery@1:59", "order-by-in-subquery@1:76"]),
        // Columns without a name (Msg 8155) and names taken twice (Msg 8156) in the outermost select list.
        ("SELECT COUNT(*) FROM t", ["unnamed-column@1:8"]),
        ("SELECT a, COUNT(*) FROM t GROUP BY a HAVING COUNT(*) > 1", ["unnamed-column@1:11"]),
        ("SELECT a, b + c FROM t", ["unnamed-column@1:11"]),
        ("SELECT CAST(x AS int) FROM t", ["unnamed-column@1:8"]),
        ("SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END FROM t", ["unnamed-column@1:8"]),
        ("SELECT 1", ["unnamed-column@1:8"]),
        ("SELECT 1;", ["unnamed-column@1:8"]),
        ("SELECT N'x', 'y' FROM t", ["unnamed-column@1:8", "unnamed-column@1:14"]),
        ("SELECT -a FROM t", ["unnamed-column@1:8"]),
        ("SELECT (SELECT MAX(b) FROM u) FROM t", ["unnamed-column@1:8"]),
        ("SELECT a, (a + 1) FROM t", ["unnamed-column@1:11"]),
        ("SELECT a, SUM(x) OVER (PARTITION BY g) FROM t", ["unnamed-column@1:11"]),
        ("SELECT a, SUM(x) OVER w FROM t WINDOW w AS (PARTITION BY g)", ["unnamed-column@1:11"]),
        ("SELECT NULL, @@ROWCOUNT, CURRENT_TIMESTAMP", ["unnamed-column@1:8", "unnamed-column@1:14", "unnamed-column@1:26"]),
        ("SELECT d AT TIME ZONE 'UTC' FROM t", ["unnamed-column@1:8"]),
        ("SELECT STUFF((SELECT ',' + name FROM u FOR XML PATH('')), 1, 1, '') FROM t", ["unnamed-column@1:8"]),
        ("SELECT IIF(a > 0, 1, 0), COALESCE(b, 0) b FROM t", ["unnamed-column@1:8"]),
        ("SELECT CONVERT(varchar(10), d, 120), TRY_CAST(a AS int) AS n FROM t", ["unnamed-column@1:8"]),
        ("SELECT geography::Point(1, 2, 4326).STAsText() FROM t", ["unnamed-column@1:8"]),
        ("SELECT NEXT VALUE FOR dbo.seq", ["unnamed-column@1:8"]),
        ("SELECT a, LEFT(b, 2), c FROM t", ["unnamed-column@1:11"]),
        ("SELECT CAST(a AS int) AS a, a FROM t", ["duplicate-column@1:29"]),
        ("SELECT value, value * 2 FROM STRING_SPLIT(@s, ',')", ["unnamed-column@1:15"]),
        ("SELECT a + b c, a - b FROM t", ["unnamed-column@1:17"]),
        ("SELECT 1 'one', 2 FROM t", ["unnamed-column@1:17"]),
        ("SELECT a, MAX(b) FROM t UNION ALL SELECT a, b FROM u", ["unnamed-column@1:11"]),
        ("SELECT 1 FROM t\nUNION ALL\nSELECT 2 AS x", ["unnamed-column@1:8"]),
        ("SELECT TOP 10 a, COUNT(*) FROM t GROUP BY a ORDER BY a", ["unnamed-column@1:18"]),
        ("WITH c AS (SELECT 1 AS a) SELECT a, a + 1 FROM c", ["unnamed-column@1:37"]),
        ("SELECT\n    a,\n    COUNT(*)\nFROM t\nGROUP BY a", ["unnamed-column@3:5"]),
        ("SELECT t.a, u.a FROM t JOIN u ON u.id = t.id", ["duplicate-column@1:13"]),
        ("SELECT a, A FROM t", ["duplicate-column@1:11"]),
        ("SELECT [a], \"A\", a FROM t", ["duplicate-column@1:13"]),
        ("SELECT a, b AS a FROM t", ["duplicate-column@1:11"]),
        ("SELECT x = 1, 2 AS x", ["duplicate-column@1:15"]),
        ("SELECT COUNT(*) 'n', SUM(a) n FROM t", ["duplicate-column@1:22"]),
        ("SELECT t.a, t.b, u.b FROM t JOIN u ON u.id = t.id", ["duplicate-column@1:18"]),
        ("SELECT a.id, b.id FROM a JOIN b ON b.a_id = a.id ORDER BY 1 OFFSET 0 ROWS", ["duplicate-column@1:14"]),
        ("SELECT DISTINCT TOP (5) PERCENT WITH TIES a, a FROM t ORDER BY a", ["duplicate-column@1:46"]),
        ("(SELECT a, a FROM t) UNION (SELECT b AS a, c AS d FROM u)", ["duplicate-column@1:12"]),
        ("WITH XMLNAMESPACES ('u' AS ns) SELECT a, a FROM t", ["duplicate-column@1:42"]),
        (";WITH c AS (SELECT 1 AS a)\nSELECT a,\n       a\nFROM c;", ["duplicate-column@3:8"]),
        ("SELECT ünï, ÜNÏ FROM tëst", ["duplicate-column@1:13"]),
        ("SELECT a, COUNT(*), a FROM t GROUP BY a", ["unnamed-column@1:11", "duplicate-column@1:21"]),
        ("SELECT a, (SELECT COUNT(*) FROM u ORDER BY 1) FROM t", ["order-by-in-subquery@1:35", "unnamed-column@1:11"]),
        ("SELECT 1\nGO", ["unnamed-column@1:8", "batch-separator@2:1"]),
    ]

    /// (query, findings as `rule@line:col`, in source order).
    static let findings: [(String, [String])] = [
        ("SELECT a FROM t ORDER BY a", ["outer-order-by@1:17"]),
        // Past 1,000 levels: refused at the first ( too deep, before any rule reads it.
        ("SELECT " + String(repeating: "(", count: 1_001) + "1" + String(repeating: ")", count: 1_001) + " AS x", ["too-large@1:1008"]),
        ("SELECT 1 AS a\u{0}; DROP TABLE t", ["invisible-character@1:14"]),
        ("SELECT 1 AS a\nFROM t\u{FEFF}x", ["invisible-character@2:7"]),
        ("\u{FEFF}SELECT 'é', \u{FEFF}1", ["invisible-character@1:13"]),
        ("WITH c AS (SELECT a FROM t) SELECT a FROM c ORDER BY a", ["outer-order-by@1:45"]),
        ("WITH c (a) AS (SELECT TOP 5 a FROM t ORDER BY a) SELECT a FROM c ORDER BY a", ["outer-order-by@1:66"]),
        ("WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a)\nSELECT x FROM b\nORDER BY x", ["outer-order-by@3:1"]),
        ("SELECT a FROM t UNION ALL SELECT a FROM u ORDER BY a", ["outer-order-by@1:43"]),
        ("SELECT a FROM t UNION SELECT b FROM u ORDER BY 1", ["outer-order-by@1:39"]),
        ("SELECT a FROM t EXCEPT SELECT a FROM u ORDER BY a", ["outer-order-by@1:40"]),
        ("SELECT a FROM t INTERSECT SELECT a FROM u ORDER BY a", ["outer-order-by@1:43"]),
        ("SELECT a, COUNT(*) FROM t GROUP BY a HAVING COUNT(*) > 1 ORDER BY a", ["outer-order-by@1:58", "unnamed-column@1:11"]),
        ("SELECT COUNT(*) FROM t ORDER BY 1", ["unnamed-column@1:8", "outer-order-by@1:24"]),
        ("SELECT a, a FROM t ORDER BY 1", ["duplicate-column@1:11", "outer-order-by@1:20"]),
        // SELECT … INTO is its own error; a text of several statements gets no column-name warnings.
        ("SELECT COUNT(*) INTO #t FROM u", ["select-into@1:17"]),
        ("SELECT a, a INTO #t FROM u", ["select-into@1:13"]),
        ("DECLARE @d date = GETDATE(); SELECT COUNT(*) FROM t WHERE d < @d", ["not-a-select@1:1", "multiple-statements@1:30"]),
        ("select a from t\norder   by a", ["outer-order-by@2:1"]),
        ("SELECT a FROM t ORDER /* why */ BY a", ["outer-order-by@1:17"]),
        ("SELECT a FROM t ORDER -- line\n BY a", ["outer-order-by@1:17"]),
        ("SELECT a FROM t\n  ORDER\n  BY a", ["outer-order-by@2:3"]),
        ("(SELECT a FROM t ORDER BY a)", ["outer-order-by@1:18"]),
        ("((SELECT a FROM t ORDER BY a));", ["outer-order-by@1:19"]),
        ("SELECT a FROM (SELECT TOP 5 a FROM t ORDER BY a) x ORDER BY a", ["outer-order-by@1:52"]),
        ("SELECT a, (SELECT TOP 1 b FROM u) AS b FROM t ORDER BY a", ["outer-order-by@1:47"]),
        ("SELECT TOP 5 a FROM t UNION ALL SELECT a FROM u ORDER BY a", ["outer-order-by@1:49"]),
        ("(SELECT TOP 5 a FROM t ORDER BY a) UNION (SELECT a FROM u) ORDER BY a", ["outer-order-by@1:60"]),
        ("(SELECT a FROM t) UNION (SELECT a FROM u) ORDER BY a", ["outer-order-by@1:43"]),
        ("SELECT a FROM t UNION ALL (SELECT TOP 1 a FROM u ORDER BY a) ORDER BY a", ["outer-order-by@1:62"]),
        ("SELECT a FROM t ORDER BY a FOR BROWSE", ["outer-order-by@1:17"]),
        ("SELECT a FROM t ORDER BY a OPTION (RECOMPILE)", ["outer-order-by@1:17"]),
        ("SELECT a FROM t WITH (NOLOCK) ORDER BY a", ["outer-order-by@1:31"]),
        ("SELECT STUFF((SELECT ',' + n FROM u FOR XML PATH('')), 1, 1, '') AS s FROM t ORDER BY s", ["outer-order-by@1:78"]),
        ("SELECT a FROM t WHERE b IN (SELECT b FROM u ORDER BY b OFFSET 0 ROWS) ORDER BY a", ["outer-order-by@1:71"]),
        ("SELECT a, offset FROM t ORDER BY offset", ["outer-order-by@1:25"]),
        ("SELECT a FROM t\r\nWHERE b = 1\r\nORDER BY a\r\n", ["outer-order-by@3:1"]),
        (";WITH c AS (SELECT 1 AS a) SELECT a FROM c ORDER BY a;", ["outer-order-by@1:44"]),
        ("SELECT a FROM t ORDER BY a;", ["outer-order-by@1:17"]),
        ("SELECT a FROM t ORDER BY a;;", ["outer-order-by@1:17"]),
        ("SELECT a FROM t ORDER BY a\nGO", ["outer-order-by@1:17", "batch-separator@2:1"]),
        ("-- ORDER BY in a comment\nSELECT 'ORDER BY' AS s FROM t ORDER BY s", ["outer-order-by@2:31"]),
        ("SELECT [order] FROM t ORDER BY [order]", ["outer-order-by@1:23"]),
        ("SELECT ROW_NUMBER() OVER (ORDER BY a) rn FROM t ORDER BY rn", ["outer-order-by@1:49"]),
        ("SELECT g, STRING_AGG(n, ',') WITHIN GROUP (ORDER BY n) s FROM t GROUP BY g ORDER BY g", ["outer-order-by@1:76"]),
        ("WITH r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT n FROM r ORDER BY n OPTION (MAXRECURSION 10)", ["outer-order-by@1:85"]),
        ("SELECT DISTINCT a FROM t ORDER BY a", ["outer-order-by@1:26"]),
        ("WITH XMLNAMESPACES ('u' AS ns) SELECT a FROM t ORDER BY a", ["outer-order-by@1:48"]),
        ("SELECT a FROM t GROUP BY a WITH ROLLUP ORDER BY a", ["outer-order-by@1:40"]),
        ("SELECT ünï FROM tëst WHERE x = N'日本' ORDER BY ünï", ["outer-order-by@1:38"]),
        ("SELECT * FROM t PIVOT (SUM(v) FOR k IN ([a], [b])) p ORDER BY 1", ["outer-order-by@1:54"]),
        ("SELECT a FROM t AS x CROSS APPLY (SELECT TOP 1 b FROM u ORDER BY b) y ORDER BY a", ["outer-order-by@1:71"]),
        ("SELECT a\n\tFROM t\n\tORDER BY a", ["outer-order-by@3:2"]),
        ("SELECT 1 AS x FROM t ORDER BY CASE WHEN a = 1 THEN 0 ELSE 1 END", ["outer-order-by@1:22"]),
        ("/* a /* nested */ comment */ SELECT a FROM t ORDER BY a -- done", ["outer-order-by@1:46"]),
        ("\u{FEFF}SELECT a FROM t ORDER BY a", ["outer-order-by@1:17"]),
        ("SELECT a FROM t WHERE a IN (SELECT a FROM u) AND b = 'x' ORDER BY a, b DESC", ["outer-order-by@1:58"]),
        ("SELECT 1; SELECT 2", ["multiple-statements@1:11"]),
        ("SELECT 1 SELECT 2", ["multiple-statements@1:10"]),
        ("SELECT 1;\nSELECT 2;\nSELECT 3", ["multiple-statements@2:1"]),
        ("SELECT a FROM t\nGO\nSELECT b FROM u", ["batch-separator@2:1", "multiple-statements@3:1"]),
        ("SELECT a FROM t\nGO 2\nSELECT b FROM u", ["batch-separator@2:1", "multiple-statements@3:1"]),
        ("SELECT a FROM t; WITH c AS (SELECT 1 x) SELECT x FROM c", ["multiple-statements@1:18"]),
        ("SELECT a FROM t WITH c AS (SELECT 1 x) SELECT x FROM c", ["multiple-statements@1:17"]),
        ("WITH c AS (SELECT 1 x) SELECT x FROM c SELECT 2", ["multiple-statements@1:40"]),
        ("SELECT a FROM t UNION SELECT b FROM u; SELECT 3", ["multiple-statements@1:40"]),
        ("DECLARE @d date = GETDATE(); SELECT a FROM t WHERE d < @d", ["not-a-select@1:1", "multiple-statements@1:30"]),
        ("DECLARE @d date = GETDATE()\nSELECT a FROM t WHERE d < @d", ["not-a-select@1:1", "multiple-statements@2:1"]),
        ("SET NOCOUNT ON;\nSELECT a FROM t", ["not-a-select@1:1", "multiple-statements@2:1"]),
        ("SET NOCOUNT ON\nSELECT a FROM t", ["not-a-select@1:1", "multiple-statements@2:1"]),
        ("SELECT a FROM t\nSET NOCOUNT OFF", ["multiple-statements@2:1", "not-a-select@2:1"]),
        ("USE tenant;\nSELECT a FROM t", ["not-a-select@1:1", "multiple-statements@2:1"]),
        ("EXEC sp_refresh;\nSELECT a FROM t", ["write-statement@1:1", "multiple-statements@2:1"]),
        ("DECLARE @x int = 1; SELECT a FROM t ORDER BY a", ["not-a-select@1:1", "multiple-statements@1:21", "outer-order-by@1:37"]),
        ("SELECT a FROM t;\nDELETE FROM t", ["multiple-statements@2:1", "write-statement@2:1"]),
        ("SELECT a FROM t DELETE FROM t", ["multiple-statements@1:17", "write-statement@1:17"]),
        ("SELECT a FROM t UPDATE t SET a = 1", ["multiple-statements@1:17", "write-statement@1:17"]),
        ("SELECT a FROM t INSERT INTO u VALUES (1)", ["multiple-statements@1:17", "write-statement@1:17"]),
        ("SELECT a FROM t EXEC sp_x", ["multiple-statements@1:17", "write-statement@1:17"]),
        ("INSERT INTO t (a) SELECT a FROM u", ["write-statement@1:1"]),
        ("INSERT t SELECT a FROM u UNION ALL SELECT b FROM v", ["write-statement@1:1"]),
        ("insert into t values (1)", ["write-statement@1:1"]),
        ("INSERT INTO t EXEC sp_x", ["write-statement@1:1"]),
        ("UPDATE t SET a = 1 WHERE b = 2", ["write-statement@1:1"]),
        ("/* header */\nUPDATE t SET a = 1", ["write-statement@2:1"]),
        ("DELETE FROM t WHERE a = 1", ["write-statement@1:1"]),
        ("MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN UPDATE SET a = u.a;", ["write-statement@1:1"]),
        ("MERGE t AS target USING src ON 1 = 0 WHEN NOT MATCHED THEN INSERT (a) VALUES (1);", ["write-statement@1:1"]),
        ("DROP TABLE t", ["write-statement@1:1"]),
        ("DROP TABLE IF EXISTS #t", ["write-statement@1:1"]),
        ("EXEC sp_x", ["write-statement@1:1"]),
        ("EXECUTE sp_x @a = 1", ["write-statement@1:1"]),
        ("EXECUTE('SELECT 1')", ["write-statement@1:1"]),
        ("EXEC (@sql)", ["write-statement@1:1"]),
        ("TRUNCATE TABLE t", ["write-statement@1:1"]),
        ("CREATE VIEW v AS SELECT a FROM t", ["write-statement@1:1"]),
        ("CREATE VIEW v AS WITH c AS (SELECT 1 x) SELECT x FROM c", ["write-statement@1:1"]),
        ("ALTER VIEW v AS SELECT a FROM t", ["write-statement@1:1"]),
        ("CREATE TABLE #t (a int)", ["write-statement@1:1"]),
        ("GRANT SELECT ON t TO u", ["write-statement@1:1"]),
        ("GRANT INSERT, SELECT ON t TO u", ["write-statement@1:1"]),
        ("CREATE OR ALTER VIEW v AS SELECT a FROM t", ["write-statement@1:1"]),
        ("GRANT EXECUTE ON p TO u", ["write-statement@1:1"]),
        ("DENY INSERT, UPDATE, DELETE ON t TO u", ["write-statement@1:1"]),
        ("REVOKE GRANT OPTION FOR ALTER ON t FROM u CASCADE", ["write-statement@1:1"]),
        ("CREATE OR ALTER VIEW v AS SELECT a FROM t ORDER BY a", ["write-statement@1:1"]),
        ("INSERT INTO t (a) SELECT a FROM (VALUES (1), (2)) AS v(a)", ["write-statement@1:1"]),
        // A statement that takes no query ends before a SELECT on the next line (scripts without semicolons).
        ("CREATE INDEX ix ON t (a)\nSELECT a FROM t ORDER BY a", ["write-statement@1:1", "multiple-statements@2:1", "outer-order-by@2:17"]),
        ("ALTER TABLE t ADD c int\nSELECT c FROM t", ["write-statement@1:1", "multiple-statements@2:1"]),
        ("INSERT INTO t VALUES (1)\nSELECT a FROM t", ["write-statement@1:1", "multiple-statements@2:1"]),
        ("INSERT INTO t DEFAULT VALUES SELECT a FROM t", ["write-statement@1:1", "multiple-statements@1:30"]),
        ("GRANT SELECT ON t TO u\nSELECT a FROM t", ["write-statement@1:1", "multiple-statements@2:1"]),
        ("CREATE STATISTICS s ON t (a)\nWITH c AS (SELECT 1 AS x) SELECT x FROM c", ["write-statement@1:1", "multiple-statements@2:1"]),
        ("WITH c AS (SELECT 1 AS a) INSERT INTO t SELECT a FROM c", ["write-statement@1:27"]),
        ("WITH c AS (SELECT 1 AS a) DELETE FROM t WHERE a IN (SELECT a FROM c)", ["write-statement@1:27"]),
        (";WITH c AS (SELECT 1 AS a) UPDATE t SET a = 2 FROM t JOIN c ON c.a = t.a", ["write-statement@1:28"]),
        ("SELECT a INTO #t FROM u", ["select-into@1:10"]),
        ("SELECT a, b INTO dbo.archive FROM t WHERE d < '2020-01-01'", ["select-into@1:13"]),
        ("WITH c AS (SELECT 1 x) SELECT x INTO #t FROM c", ["select-into@1:33"]),
        ("SELECT * into #t FROM u ORDER BY a", ["select-into@1:10"]),
        ("SELECT TOP 10 a INTO #t FROM u UNION SELECT b FROM v", ["select-into@1:17"]),
        ("SELECT a INTO #t FROM u; SELECT * FROM #t", ["select-into@1:10", "multiple-statements@1:26"]),
        ("VALUES (1), (2)", ["not-a-select@1:1"]),
        ("sp_who", ["not-a-select@1:1"]),
        ("PRINT 'hi'", ["not-a-select@1:1"]),
        ("BEGIN TRAN", ["not-a-select@1:1"]),
        ("SELECT a FROM t ORDER BY (SELECT NULL)", ["outer-order-by@1:17"]),
        ("SELECT SUM(a) OVER w AS s FROM t WINDOW w AS (ORDER BY b) ORDER BY s", ["outer-order-by@1:59"]),
        ("SELECT a FROM t ORDER BY a COLLATE Latin1_General_BIN", ["outer-order-by@1:17"]),
        ("SELECT a FROM t OPTION (RECOMPILE) SELECT 1", ["multiple-statements@1:36"]),
        ("SELECT 1 WAITFOR DELAY '00:00:01'", ["multiple-statements@1:10", "not-a-select@1:10"]),
        ("BEGIN TRAN; SELECT 1; COMMIT", ["not-a-select@1:1", "multiple-statements@1:13", "not-a-select@1:23"]),
        ("SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED; SELECT a FROM t", ["not-a-select@1:1", "multiple-statements@1:51"]),
        ("WITH c AS (SELECT 1 x) SELECT x FROM c; WITH d AS (SELECT 2 y) SELECT y FROM d", ["multiple-statements@1:41"]),
        ("SELECT a FROM t\nGO\nDROP TABLE t", ["batch-separator@2:1", "multiple-statements@3:1", "write-statement@3:1"]),
        ("ALTER TABLE t ADD c int", ["write-statement@1:1"]),
        ("select a from t order/*x*/by a", ["outer-order-by@1:17"]),
        ("SELECT 'abc FROM t", ["syntax@1:8"]),
        ("SELECT [abc FROM t", ["syntax@1:8"]),
        ("SELECT \"abc FROM t", ["syntax@1:8"]),
        ("SELECT a /* unterminated /* nested */ FROM t", ["syntax@1:10"]),
        ("SELECT N'abc", ["syntax@1:8"]),
        ("SELECT a FROM t WHERE b = 'it''s", ["syntax@1:27"]),
        ("SELECT a FROM t\nWHERE b = 'multi\nline", ["syntax@2:11"]),
        ("SELECT (a FROM t", ["syntax@1:8"]),
        ("SELECT a) FROM t", ["syntax@1:9"]),
        ("SELECT a FROM t WHERE (b = 1 AND (c = 2)", ["syntax@1:23"]),
        ("", ["empty-query@1:1"]),
        ("   \n\t", ["empty-query@1:1"]),
        ("-- only a comment\n/* and a block */", ["empty-query@1:1"]),
        (";", ["empty-query@1:1"]),
        ("GO", ["empty-query@1:1"]),
        (";;\nGO\n", ["empty-query@1:1"]),
        ("WITH c AS (SELECT 1 AS a)", ["syntax@1:1"]),
        ("WITH c AS (SELECT 1 AS a);", ["syntax@1:1"]),
        (";WITH c AS (SELECT 1 AS a);\n", ["syntax@1:2"]),
        ("-- x\nWITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a) -- no main query\n", ["syntax@2:1"]),
        ("WITH XMLNAMESPACES ('u' AS ns)", ["syntax@1:1"]),
        ("WITH c AS SELECT 1", ["syntax@1:1"]),
        ("WITH c AS (SELECT 1), SELECT 1", ["syntax@1:1"]),
        ("  WITH (NOLOCK) SELECT 1", ["syntax@1:3"]),
        ("WITH c AS (SELECT 1 AS a)\nGO\nSELECT a FROM c", ["syntax@1:1", "batch-separator@2:1", "multiple-statements@3:1"]),
        ("SELECT 1 AS x; WITH c AS (SELECT 1 AS a)", ["multiple-statements@1:16", "syntax@1:16"]),
        // Errors and warnings together.
        ("WITH c AS (SELECT a FROM t ORDER BY a) SELECT a FROM c ORDER BY a", ["order-by-in-subquery@1:28", "outer-order-by@1:56"]),
        ("SELECT a FROM (SELECT a FROM t ORDER BY a) AS x ORDER BY a", ["order-by-in-subquery@1:32", "outer-order-by@1:49"]),
        ("SELECT a FROM (SELECT a FROM t ORDER BY a) AS x; SELECT 2", ["order-by-in-subquery@1:32", "multiple-statements@1:50"]),
    ]

    /// Findings as `rule@line:col`, sorted, for comparing with a table row.
    static func summary(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.rule?.rawValue ?? "-")@\($0.line):\($0.column)" }.sorted()
    }

    /// The same text with LF line endings turned into CRLF.
    static func crlf(_ sql: String) -> String {
        sql.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
    }
}

@Suite("SQL lint", .offPool)
struct LintTests {
    @Test("valid dataset queries give no findings", arguments: LintCases.clean)
    func clean(_ sql: String) {
        let findings = SQLLint.check(sql, file: "q.sql")
        #expect(findings.isEmpty, "\(findings.map(\.description))")
    }

    @Test("valid dataset queries stay clean with CRLF line endings and in lower case", arguments: LintCases.clean)
    func cleanVariants(_ sql: String) {
        for variant in [LintCases.crlf(sql), sql.lowercased()] {
            let findings = SQLLint.check(variant, file: "q.sql")
            #expect(findings.isEmpty, "\(findings.map(\.description))")
        }
    }

    @Test("valid queries with warnings: the expected warnings, and no errors", arguments: LintCases.warnings)
    func warnings(_ sql: String, expected: [String]) {
        for variant in [sql, LintCases.crlf(sql), sql.lowercased()] {
            let findings = SQLLint.check(variant, file: "q.sql")
            #expect(LintCases.summary(findings) == expected.sorted(), "\(findings.map(\.description))")
            #expect(findings.allSatisfy { $0.severity == .warning }, "\(findings.map(\.description))")
        }
        for finding in SQLLint.check(sql, file: "q.sql") {
            #expect(finding.rule.map(SQLLint.warningRules.contains) == true)
            #expect(finding.description.contains(": warning: "))
        }
    }

    @Test("mistakes are reported with their rule at the offending token", arguments: LintCases.findings)
    func findings(_ sql: String, expected: [String]) {
        let findings = SQLLint.check(sql, file: "q.sql")
        #expect(LintCases.summary(findings) == expected.sorted(), "\(findings.map(\.description))")
        #expect(findings.contains { $0.severity == .error }, "every row of this table has an error")
        for finding in findings {
            #expect(finding.severity == (finding.rule.map(SQLLint.warningRules.contains) == true ? .warning : .error))
            #expect(finding.file == "q.sql")
            #expect(finding.rule.map(SQLLint.rules.contains) == true, "finding without a rule: \(finding)")
            #expect(!finding.message.isEmpty)
        }
    }

    @Test("findings keep their positions with CRLF line endings and in lower case", arguments: LintCases.findings)
    func findingVariants(_ sql: String, expected: [String]) {
        for variant in [LintCases.crlf(sql), sql.lowercased()] {
            let findings = SQLLint.check(variant, file: "q.sql")
            #expect(LintCases.summary(findings) == expected.sorted(), "\(findings.map(\.description))")
        }
    }

    @Test("outer-order-by points at ORDER, compiler style")
    func compilerStyle() throws {
        let sql = """
            WITH c AS (
                SELECT a FROM t ORDER BY a OFFSET 0 ROWS
            )
            SELECT a
            FROM c
              ORDER BY a
            """
        let findings = SQLLint.check(sql, file: "Fixtures/queries/99_x.sql")
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.description.hasPrefix("Fixtures/queries/99_x.sql:6:3: error: ORDER BY "))
        #expect(finding.description.hasSuffix(" [outer-order-by]"))
        #expect(finding.description.contains("Msg 1033"))
    }

    @Test("every rule that the tables expect is a published rule id")
    func ruleIds() {
        let written = Set((LintCases.findings + LintCases.warnings).flatMap { $0.1 }.map { String($0.split(separator: "@")[0]) })
        let used = Set(written.compactMap(LintRule.ID.init(rawValue:)))
        #expect(used.count == written.count, "unknown rule ids in the tables: \(written.filter { LintRule.ID(rawValue: $0) == nil })")
        #expect(used == Set(SQLLint.rules), "rules without a case: \(Set(SQLLint.rules).subtracting(used))")
        #expect(Set(SQLLint.rules).count == SQLLint.rules.count)
        #expect(SQLLint.warningRules.isSubset(of: Set(SQLLint.rules)))
    }

    @Test("one finding per multi-statement query, at the second statement")
    func secondStatementOnly() {
        let findings = SQLLint.check("SELECT 1;\nSELECT 2;\nSELECT 3;\nSELECT 4", file: "q.sql")
        #expect(LintCases.summary(findings) == ["multiple-statements@2:1"])
    }

    @Test("the shipped fixture queries lint clean")
    func fixtures() throws {
        let queries = try Repo.fixtureQueries()
        #expect(queries.count == 8)
        for (file, sql) in queries {
            let findings = SQLLint.check(sql, file: file)
            #expect(findings.isEmpty, "\(findings.map(\.description))")
            // The same query with an outer ORDER BY appended is caught, on the line after the query.
            var code = sql
            while code.last?.isWhitespace == true || code.last == ";" { code.removeLast() }
            let lines = code.split(separator: "\n", omittingEmptySubsequences: false).count
            let broken = SQLLint.check(code + "\nORDER BY 1", file: file)
            #expect(LintCases.summary(broken) == ["outer-order-by@\(lines + 1):1"], "\(file): \(broken.map(\.description))")
        }
    }

    @Test("the shipped fixture queries are clean of column-name warnings because every column is read as named, not skipped")
    func fixtureColumnNames() throws {
        for (file, sql) in try Repo.fixtureQueries() {
            let code = SQLStructure.code(try SQLLexer.tokenize(sql)).filter { !$0.isSymbol(";") }
            let items = try #require(SQLStructure.outerSelectList(code), "\(file): the select list was not read")
            let names = items.map { SQLLint.columnName(Array(code[$0])) }
            #expect(names.allSatisfy { if case .named = $0 { true } else { false } }, "\(file): \(names)")
            let spelled = names.compactMap { if case .named(let name) = $0 { name.lowercased() } else { nil } }
            #expect(Set(spelled).count == spelled.count, "\(file)")
            // Dropping an alias from a computed column is caught at that column.
            if let aliased = items.first(where: { range in
                range.count > 2 && code[range.upperBound - 2].isKeyword("AS") && code[range.upperBound - 3].isSymbol(")")
            }) {
                let alias = code[aliased.upperBound - 2]
                let token = code[aliased.lowerBound]
                let broken = Array(sql.utf8)
                let cut = String(decoding: broken[..<alias.start] + broken[code[aliased.upperBound - 1].end...], as: UTF8.self)
                let findings = SQLLint.check(cut, file: file)
                #expect(LintCases.summary(findings) == ["unnamed-column@\(token.line):\(token.column)"], "\(file): \(findings.map(\.description))")
            }
        }
    }

    @Test("the column-name warnings say which column, why, and the SQL Server message number")
    func columnNameMessages() throws {
        let unnamed = try #require(SQLLint.check("SELECT a, b, COUNT(*) FROM t GROUP BY a, b", file: "q.sql").first)
        #expect(unnamed.description == "q.sql:1:14: warning: column 3 of the select list has no name: Superset wraps the dataset in a "
            + "derived table, where SQL Server requires one (Msg 8155); add AS name [unnamed-column]")
        let duplicate = try #require(SQLLint.check("SELECT t.[Region], u.region FROM t JOIN u ON u.id = t.id", file: "q.sql").first)
        #expect(duplicate.description == "q.sql:1:20: warning: column name 'region' appears twice in the select list: SQL Server "
            + "rejects duplicate names in a derived table (Msg 8156); alias one of them [duplicate-column]")
    }

    @Test("select-list items and the names they give")
    func columnNames() throws {
        let cases: [(String, SQLLint.ColumnName)] = [
            ("a", .named("a")), ("t.a", .named("a")), ("[s].[t].[my col]", .named("my col")), ("db..t.a", .named("a")),
            ("*", .star), ("t.*", .star), ("COUNT(*)", .unnamed), ("COUNT(*) AS n", .named("n")), ("n = COUNT(*)", .named("n")),
            ("COUNT(*) [n]]x]", .named("n]x")), ("COUNT(*) N'it''s'", .named("it's")), ("\"q\"\"x\"", .named("q\"x")),
            ("@x = 1", .assignment), ("@x += 1", .assignment), ("@x", .unnamed), ("-a", .unnamed), ("(SELECT 1)", .unnamed),
            ("CASE WHEN a = 1 THEN 2 END", .unnamed), ("CASE WHEN a = 1 THEN 2 END c", .named("c")), ("a = b = c", .unknown),
            ("a COLLATE x", .unknown), ("(a)", .unknown), ("+a", .unknown), ("a AS", .unknown), ("a AS b AS c", .unknown),
            ("NOT a", .unknown), ("a AND", .unknown), ("EXISTS (SELECT 1)", .unknown), ("n = a COLLATE x", .unknown), ("SUM(a) OVER w", .unnamed), ("NULL", .unnamed), ("SELECT", .unknown),
        ]
        for (text, expected) in cases {
            let code = SQLStructure.code(try SQLLexer.tokenize(text))
            #expect(SQLLint.columnName(code) == expected, "\(text)")
        }
    }

    @Test("a long query lints quickly and reports positions on late lines")
    func longQuery() {
        let columns = (1...2_000).map { "    col_\($0) AS [column \($0)], -- note \($0)" }.joined(separator: "\n")
        let sql = "SELECT\n" + columns + "\n    1 AS last\nFROM t\nORDER BY 1"
        let findings = SQLLint.check(sql, file: "q.sql")
        #expect(LintCases.summary(findings) == ["outer-order-by@2004:1"])
    }
}
