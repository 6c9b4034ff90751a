import Foundation

/// What a chart's saved `query_context` asks of its dataset, read for messages and datasource checks.
struct SavedQuery {
    let datasourceID: Int?
    /// Filters, WHERE/HAVING, time range and row limit of its first query, in words; nil when it adds none.
    let summary: String?

    init(queryContext text: String) {
        let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        let datasource = object["datasource"] as? [String: Any]
        datasourceID = (datasource?["id"] as? Int) ?? (datasource?["id"] as? String).flatMap { Int($0) }
        let query = (object["queries"] as? [[String: Any]])?.first ?? [:]
        var parts: [String] = []
        for filter in query["filters"] as? [[String: Any]] ?? [] {
            let column = filter["col"].map { "\($0)" } ?? "?"
            let value = filter["val"].map { Self.text($0) } ?? ""
            parts.append("filter \(column) \(filter["op"] as? String ?? "?") \(value)".trimmingCharacters(in: .whitespaces))
        }
        let extras = query["extras"] as? [String: Any] ?? [:]
        for clause in ["where", "having"] {
            if let text = extras[clause] as? String, !text.trimmingCharacters(in: .whitespaces).isEmpty {
                parts.append("\(clause.uppercased()) \(text)")
            }
        }
        if let range = query["time_range"] as? String, !range.isEmpty, range != "No filter" { parts.append("time range \(range)") }
        if let limit = query["row_limit"] as? Int { parts.append("row limit \(limit)") }
        summary = parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// `params.datasource` is `"<id>__table"`.
    static func paramsDatasourceID(_ params: String) -> Int? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(params.utf8))) as? [String: Any],
              let datasource = object["datasource"] as? String else { return nil }
        return Int(datasource.split(separator: "_").first ?? "")
    }

    static func text(_ value: Any) -> String {
        if let list = value as? [Any] { return "[" + list.map { text($0) }.joined(separator: ", ") + "]" }
        if let string = value as? String { return "'\(string)'" }
        return "\(value)"
    }
}
