import Probes

/// What a check compared, as a value: the expectation it held the target to, or what it saw. Evaluation builds
/// these and never words; each report writer turns them into words through `description` (in
/// `Report/CheckValueWords.swift`), so "expected 11, actual 5" is spelled in one place.
///
/// ```swift
/// let rows = report.results.first { $0.check == .rows }
/// if case .count(let seen)? = rows?.actual { print("counted \(seen)") }
/// ```
public enum CheckValue: Sendable, Hashable, Codable {
    /// A row count the expectations ask for: exact, a range, or any.
    case rows(RowExpectation)
    /// A count seen.
    case count(Int)
    /// A count and the arm that took it: where the agreement check got each side.
    case countedBy(Int, arm: Arm)
    /// An arm's rows as the content check fingerprinted them: how many, and the fingerprint's digest.
    case content(rows: Int, digest: String, arm: Arm)
    /// A number of things: "3 charts", "2 datasets", "11 rows".
    case quantity(Int, of: Unit)
    /// The rows one fetch streamed and how long it took.
    case fetched(rows: Int, seconds: Double)
    /// Lint findings by severity: "no findings", "2 warning(s)", "1 finding(s)".
    case findings(errors: Int, warnings: Int)
    /// A chart as the expectations describe it: its viz type, and its rendered rows when they are given.
    case chart(viz: String, rows: RowExpectation?)
    /// A chart as Superset has it: its viz type and what rendering it gave.
    case renderedChart(viz: String, render: Render)
    /// The build a sentinel must report, and how its status is matched.
    case build(module: String, status: String, match: String)
    /// The build a sentinel reported.
    case reportedBuild(module: String?, status: String?)
    /// An HTTP answer that was not a success: its status and the start of its body.
    case httpAnswer(status: Int, body: String)
    /// Why a call gave no answer (HTTP status, SQLSTATE, timeout…).
    case failure(FailureCode)
    /// A Superset database and schema a dataset runs on.
    case place(database: String?, schema: String?)
    /// A pinned dashboard id and the slug it has.
    case dashboardSlug(id: Int, slug: String)
    /// A slug and the dashboard id it leads to.
    case slugLeadsTo(slug: String, id: Int)
    /// A query file of the repository.
    case queryFile(path: String)
    /// Superset's dashboard cache bound: "at most 600 s".
    case cacheLimit(seconds: Int)
    /// The longest cache timeout a dashboard's charts set; nil when none sets one.
    case longestCache(seconds: Int?)
    /// The counts of earlier runs a trend compares with.
    case trendBaseline(TrendBaseline)
    /// A count and how far it moved from the trend's baseline.
    case countChange(current: Int, baseline: Double, percent: Double?)
    /// A file of the repository's assets bundle: what a definition is compared with.
    case assetFile(path: String)
    /// How many fields of a deployed definition differ from the bundle's, by what they change.
    case differences(viewer: Int, presentation: Int)
    /// A chart's value or values by group, as the expectations give them.
    case chartValue(ChartValueExpectation)
    /// What a chart's render showed: its number, or its numbers by group.
    case chartReading(ChartValueReading)
    /// One of a fixed set of states.
    case state(State)
    /// A text a target or the expectations gave (a dashboard title, a body that was not JSON).
    case text(String)

    /// What a `quantity` counts.
    public enum Unit: String, Sendable, Hashable, Codable {
        case charts, datasets, rows, attachedChartsLaidOut, chartEntries
    }

    /// What rendering a chart gave.
    public enum Render: Sendable, Hashable, Codable {
        case rows(Int)
        case notRendered
        case failed

        enum RowsCodingKeys: String, CodingKey { case _0 = "count" }
    }

    /// The fixed states a check can report.
    public enum State: String, Sendable, Hashable, Codable {
        case missing, noDataset, queryFailed, same, differs, physicalTable, notFinished, earlierRuns
        case published, draft, notReported, enabled, disabled, enabledByDefault
    }

    /// What a trend compared with: the median of earlier runs, and the limits that apply.
    public struct TrendBaseline: Sendable, Hashable, Codable {
        public var runs: Int
        public var median: Double
        public var maxChangePercent: Double?
        /// The standard-deviation limit, once there are enough earlier counts that differ.
        public var sigma: Sigma?

        package init(runs: Int, median: Double, maxChangePercent: Double? = nil, sigma: Sigma? = nil) {
            self.runs = runs
            self.median = median
            self.maxChangePercent = maxChangePercent
            self.sigma = sigma
        }

        public struct Sigma: Sendable, Hashable, Codable {
            public var limit: Double
            public var mean: Double
            public var standardDeviation: Double

            package init(limit: Double, mean: Double, standardDeviation: Double) {
                self.limit = limit
                self.mean = mean
                self.standardDeviation = standardDeviation
            }
        }
    }

    // Names for unlabeled associated values in JSON (`{"count": {"value": 11}}`, not `"_0"`).
    enum RowsCodingKeys: String, CodingKey { case _0 = "expectation" }
    enum CountCodingKeys: String, CodingKey { case _0 = "value" }
    enum CountedByCodingKeys: String, CodingKey { case _0 = "count", arm }
    enum QuantityCodingKeys: String, CodingKey { case _0 = "count", of }
    enum FailureCodingKeys: String, CodingKey { case _0 = "code" }
    enum TrendBaselineCodingKeys: String, CodingKey { case _0 = "baseline" }
    enum StateCodingKeys: String, CodingKey { case _0 = "state" }
    enum TextCodingKeys: String, CodingKey { case _0 = "value" }
    enum ChartValueCodingKeys: String, CodingKey { case _0 = "expectation" }
    enum ChartReadingCodingKeys: String, CodingKey { case _0 = "reading" }

    /// The same value with `transform` applied to every text it holds (masking secrets, making it safe for a terminal).
    package func mappingTexts(_ transform: (String) -> String) -> CheckValue {
        switch self {
        case .chart(let viz, let rows): return .chart(viz: transform(viz), rows: rows)
        case .renderedChart(let viz, let render): return .renderedChart(viz: transform(viz), render: render)
        case .build(let module, let status, let match): return .build(module: transform(module), status: transform(status), match: match)
        case .reportedBuild(let module, let status): return .reportedBuild(module: module.map(transform), status: status.map(transform))
        case .httpAnswer(let status, let body): return .httpAnswer(status: status, body: transform(body))
        case .place(let database, let schema): return .place(database: database.map(transform), schema: schema.map(transform))
        case .dashboardSlug(let id, let slug): return .dashboardSlug(id: id, slug: transform(slug))
        case .slugLeadsTo(let slug, let id): return .slugLeadsTo(slug: transform(slug), id: id)
        case .queryFile(let path): return .queryFile(path: transform(path))
        case .assetFile(let path): return .assetFile(path: transform(path))
        case .text(let text): return .text(transform(text))
        case .chartReading(.groups(let groups)):
            return .chartReading(.groups(Dictionary(groups.map { (transform($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })))
        case .chartValue(.grouped(let groups)):
            return .chartValue(.grouped(Dictionary(groups.map { (transform($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })))
        case .chartReading(.notANumber(let text)): return .chartReading(.notANumber(transform(text)))
        case .chartReading, .chartValue, .rows, .count, .countedBy, .content, .quantity, .fetched, .findings, .failure, .cacheLimit, .longestCache, .trendBaseline,
             .countChange, .state, .differences:
            return self
        }
    }
}
