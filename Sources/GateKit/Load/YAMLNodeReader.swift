import Yams

/// Typed access to YAML nodes that reports the node's line on every mistake.
package struct NodeReader {
    let file: String

    package func error(_ node: Node, _ message: String, hint: String? = nil) -> ConfigurationError {
        ConfigurationError(file: file, line: node.mark?.line, column: node.mark?.column, message: message, hint: hint)
    }

    package func pairs(_ node: Node, _ what: String) throws(ConfigurationError) -> [(String, Node)] {
        try keyedPairs(node, what).map { ($0.0, $0.2) }
    }

    package func keyedPairs(_ node: Node, _ what: String) throws(ConfigurationError) -> [(String, Node, Node)] {
        guard case .mapping(let mapping) = node else { throw error(node, "\(what) must be a mapping (key: value)") }
        var result: [(String, Node, Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else { throw error(key, "keys in \(what) must be plain names") }
            result.append((scalar.string, key, value))
        }
        return result
    }

    package func mapping(_ node: Node, _ what: String, keys allowed: Set<String>) throws(ConfigurationError) -> [String: Node] {
        var result: [String: Node] = [:]
        for (key, keyNode, value) in try keyedPairs(node, what) {
            guard allowed.contains(key) else {
                throw ConfigurationError(file: file, line: keyNode.mark?.line, column: keyNode.mark?.column,
                                         message: "unknown key '\(key)' in \(what)",
                                         hint: "allowed keys: \(allowed.sorted().joined(separator: ", "))")
            }
            result[key] = value
        }
        return result
    }

    package func sequence(_ node: Node, _ what: String) throws(ConfigurationError) -> [Node] {
        guard case .sequence(let sequence) = node else { throw error(node, "\(what) must be a list") }
        return Array(sequence)
    }

    package func string(_ node: Node, _ what: String) throws(ConfigurationError) -> String {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else { throw error(node, "\(what) must be a non-empty text value") }
        return scalar.string
    }

    package func int(_ node: Node, _ what: String) throws(ConfigurationError) -> Int {
        guard case .scalar(let scalar) = node, let number = Int(scalar.string) else {
            throw error(node, "\(what) must be a whole number, not '\(node.scalar?.string ?? "a \(kind(node))")'")
        }
        return number
    }

    package func bool(_ node: Node, _ what: String) throws(ConfigurationError) -> Bool {
        switch node.scalar?.string.lowercased() {
        case "true"?: return true
        case "false"?: return false
        default: throw error(node, "\(what) must be true or false, not '\(node.scalar?.string ?? "a \(kind(node))")'")
        }
    }

    private func kind(_ node: Node) -> String {
        switch node {
        case .mapping: return "mapping"
        case .sequence: return "list"
        default: return "value"
        }
    }
}
