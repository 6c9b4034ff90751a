/// One check's verdict: passed, failed (reality differs from the expectation),
/// error (the check could not run), skipped (an earlier step made it meaningless), or warning
/// (a row count outside its expectation on a dashboard whose `level` is `warn`: reported, not failing).
public enum Outcome: String, Sendable, Codable, Comparable {
    case passed, failed, error, skipped, warning

    /// What a group of checks reads as: the worst outcome, but skips (checks that could not run yet, such as a first
    /// run's trends) do not outweigh checks that passed; all skipped is skipped.
    public static func overall(_ outcomes: [Outcome]) -> Outcome {
        let ran = outcomes.filter { $0 != .skipped }
        return ran.max() ?? (outcomes.isEmpty ? .passed : .skipped)
    }

    public static func < (lhs: Outcome, rhs: Outcome) -> Bool {
        let order: [Outcome] = [.passed, .warning, .skipped, .error, .failed]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}
