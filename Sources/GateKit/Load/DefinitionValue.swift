import Foundation
import Yams

/// A value of a Superset asset's definition (a chart's params, a filter's default), read alike from the bundle's YAML
/// and from Superset's JSON answers so the two compare as data, never as text.
package enum DefinitionValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([DefinitionValue])
    case object([String: DefinitionValue])

    package subscript(key: String) -> DefinitionValue? {
        if case .object(let fields) = self { fields[key] } else { nil }
    }

    package var string: String? { if case .string(let text) = self { text } else { nil } }
    package var array: [DefinitionValue]? { if case .array(let items) = self { items } else { nil } }
    package var object: [String: DefinitionValue]? { if case .object(let fields) = self { fields } else { nil } }
    /// A whole number, or a text of one (chart ids are object keys in Superset's metadata).
    package var integer: Int? {
        switch self {
        case .number(let number) where number == number.rounded() && abs(number) < 1e15: Int(number)
        case .string(let text): Int(text)
        default: nil
        }
    }

    /// The value without `keys` at any depth: what Superset regenerates on every save (`optionName`) or numbers per
    /// instance compare equal.
    package func removing(_ keys: Set<String>) -> DefinitionValue {
        switch self {
        case .array(let items): return .array(items.map { $0.removing(keys) })
        case .object(let fields):
            return .object(fields.filter { !keys.contains($0.key) }.mapValues { $0.removing(keys) })
        default: return self
        }
    }

    /// Compact JSON with sorted keys: how a value is shown when nothing shorter says it.
    package var json: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .string(let text):
            let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data()
            return String(decoding: data, as: UTF8.self).dropFirst().dropLast().description
        case .array(let items): return "[" + items.map(\.json).joined(separator: ", ") + "]"
        case .object(let fields):
            return "{" + fields.sorted { $0.key < $1.key }.map { "\(DefinitionValue.string($0.key).json): \($0.value.json)" }.joined(separator: ", ") + "}"
        }
    }
}

// MARK: - Reading

extension DefinitionValue: Decodable {
    /// From Superset's JSON (`params`, `json_metadata`): true and 1 stay apart.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let text = try? container.decode(String.self) { self = .string(text) }
        else if let items = try? container.decode([DefinitionValue].self) { self = .array(items) }
        else { self = .object(try container.decode([String: DefinitionValue].self)) }
    }

    /// A JSON text Superset keeps in a string field; nil when it is not JSON.
    package init?(json text: String) {
        guard let value = try? JSONDecoder().decode(DefinitionValue.self, from: Data(text.utf8)) else { return nil }
        self = value
    }

    /// From the bundle's YAML, typed as YAML 1.1 core schema types them (what Superset's exporter wrote).
    package init(_ node: Node) {
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { self = .string(scalar.string) }
            else if node.null != nil { self = .null }
            else if let flag = node.bool { self = .bool(flag) }
            else if let number = node.int { self = .number(Double(number)) }
            else if let number = node.float { self = .number(number) }
            else { self = .string(scalar.string) }
        case .sequence(let sequence): self = .array(sequence.map(DefinitionValue.init))
        case .mapping(let mapping):
            var fields: [String: DefinitionValue] = [:]
            for (key, value) in mapping { fields[key.string ?? DefinitionValue(key).json] = DefinitionValue(value) }
            self = .object(fields)
        case .alias: self = .null
        }
    }
}
