/// Exit codes are an API; the README documents them.
public enum ExitCodes {
    public static let passed: Int32 = 0
    public static let checkFailed: Int32 = 1
    public static let configuration: Int32 = 2
    public static let couldNotRun: Int32 = 3
    /// A run stopped by SIGINT (128 + 2) or SIGTERM (128 + 15): its reports hold what had finished.
    public static let interrupted: Int32 = 130
    public static let terminated: Int32 = 143

    /// "PASS", "FAIL" or "ERROR" for an exit code.
    public static func verdict(_ code: Int32) -> String {
        switch code {
        case passed: return "PASS"
        case checkFailed: return "FAIL"
        case interrupted, terminated: return "INTERRUPTED"
        default: return "ERROR"
        }
    }
}
