import Probes

/// The task's `CallDeadline` as a long CPU-bound loop sees it (the lexer, the lint): read once, then compared with
/// the clock every few thousand steps, so checking costs nothing measurable and a loop ends soon after it passes.
struct WorkDeadline {
    let deadline: CallDeadline?
    private var steps = 0

    init(_ deadline: CallDeadline? = CallDeadline.current) {
        self.deadline = deadline
    }

    /// Whether the deadline has passed; looks at the clock on every 4,096th call only.
    mutating func passed() -> Bool {
        guard let deadline else { return false }
        steps &+= 1
        guard steps & 4095 == 0 else { return false }
        return ContinuousClock.now >= deadline.instant
    }

    /// Looks at the clock now.
    var hasPassed: Bool { deadline.map { ContinuousClock.now >= $0.instant } ?? false }
}
