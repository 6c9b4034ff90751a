import Foundation

/// How far each arm has got (dashboards probed of those planned), for a progress line while a long run works.
/// Arms report into it from many tasks at once; `onChange` gets each new state, in order.
package final class ProbeProgress: @unchecked Sendable {
    package struct State: Sendable, Equatable {
        package var planned: [Arm: Int] = [:]
        package var done: [Arm: Int] = [:]

        /// "superset 3/8 · database 8/8 · sentinel 1/1".
        package var line: String {
            Arm.allCases.compactMap { arm in planned[arm].map { "\(arm.title) \(done[arm] ?? 0)/\($0)" } }.joined(separator: " · ")
        }
    }

    private let lock = NSLock()
    private var state = State()
    private let onChange: @Sendable (State) -> Void

    package init(onChange: @escaping @Sendable (State) -> Void) {
        self.onChange = onChange
    }

    package func planned(_ arm: Arm, _ count: Int) { update { $0.planned[arm, default: 0] += count } }
    package func finished(_ arm: Arm) { update { $0.done[arm, default: 0] += 1 } }

    package var current: State { lock.withLock { state } }

    private func update(_ change: (inout State) -> Void) {
        // The callback runs under the lock, so states reach it in the order they happened.
        lock.withLock {
            change(&state)
            onChange(state)
        }
    }
}
