/// One check's verdict: passed, failed (reality differs from the expectation),
/// error (the check could not run), skipped (an earlier step made it meaningless), or warning
/// (a row count outside its expectation on a dashboard whose `level` is `warn`: reported, not failing).
public enum Outcome: String, Sendable, Codable, Comparable {
    case passed, failed, error, skipped, warning

    public static func < (lhs: Outcome, rhs: Outcome) -> Bool {
        let order: [Outcome] = [.passed, .warning, .skipped, .error, .failed]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}
