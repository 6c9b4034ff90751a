import Probes

/// The task's `CallDeadline` as a long CPU-bound loop sees it (the lexer, the lint): read once, then compared with
/// the clock every few thousand steps, so checking costs nothing measurable and a loop ends soon after it passes.
struct WorkDeadline {
    let deadline: CallDeadline?
    private var steps = 0

    init(_ deadline: CallDeadline? = CallDeadline.current) {
        self.deadline = deadline
    }

    /// Whether the deadline has passed or the run was interrupted; looks on every 4,096th call only.
    mutating func passed() -> Bool {
        steps &+= 1
        guard steps & 4095 == 0 else { return false }
        return hasPassed
    }

    /// Looks now. A cancelled task is an interrupted run (SIGINT, SIGTERM): the work stops as at a deadline.
    var hasPassed: Bool { Task.isCancelled || (deadline.map { ContinuousClock.now >= $0.instant } ?? false) }

    /// What stopped the work, for its message: "the run deadline (600 s) passed", "the run was interrupted".
    var stopped: String {
        if Task.isCancelled { return "the run was interrupted" }
        return "\(deadline?.reason ?? "the deadline") passed"
    }
}
