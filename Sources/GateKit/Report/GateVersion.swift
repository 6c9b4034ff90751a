/// The gate's version: `gate-runner --version`, and in every report (JSON `version`, JUnit's properties, the HTML
/// page's facts), so a report says which gate judged it. Raised with each stop that lands.
public enum GateVersion {
    public static let current = "0.27.0"
}
