import Foundation

/// The three arms of the gate, plus the cross-arm agreement between two of them.
public enum Arm: String, Sendable, Codable, CaseIterable, Comparable {
    case sentinel, superset, db, agreement

    public var title: String {
        switch self {
        case .sentinel: return "sentinel"
        case .superset: return "superset"
        case .db: return "database"
        case .agreement: return "agreement"
        }
    }

    public static func < (lhs: Arm, rhs: Arm) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The arms that probe a target (agreement compares two of them).
    public static let probing: Set<Arm> = [.sentinel, .superset, .db]
}
