import CYaml

/// Reads an expectations file's YAML events (libyaml, the parser Yams vendors) before Yams composes it, and refuses
/// what would make composing or reading it blow up: an alias or a list or mapping used as a mapping key (Yams
/// checks duplicate keys by hashing each key node whole, so `? *k7` over nested anchors takes minutes), and aliases
/// that expand past `maximumAliasExpansion` nodes ("billion laughs"). Syntax errors are left to Yams, which
/// reports them with their context.
enum YAMLGuard {
    /// Nodes that aliases may add, counted expanded: an expectations file needs a few hundred at most.
    static let maximumAliasExpansion = 100_000
    /// Text that aliases may repeat, counted expanded: one long note aliased on every dashboard would otherwise be
    /// copied into every report line that shows it (a 15 MB note on 8 dashboards: 225 MB of JSON).
    static let maximumAliasBytes = 1 << 20

    static func check(_ text: String, file: String) throws(ConfigurationError) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        let refusal: ConfigurationError? = bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            return scan(&parser, file: file)
        }
        if let refusal { throw refusal }
    }

    /// An open mapping or sequence: its anchor, its expanded size so far, and for a mapping whether a key comes next.
    private struct Container {
        let anchor: String?
        let isMapping: Bool
        var expectsKey: Bool
        var size = 1
        var bytes = 0
    }

    private static func scan(_ parser: inout yaml_parser_t, file: String) -> ConfigurationError? {
        var open: [Container] = []
        var sizes: [String: (nodes: Int, bytes: Int)] = [:]
        var aliasExpansion = 0
        var aliasBytes = 0
        func anchorName(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
        }
        /// A finished node of `size` expanded nodes: counted into its container, and a mapping's key/value turn flips.
        func finished(_ size: Int, bytes: Int) {
            guard !open.isEmpty else { return }
            open[open.count - 1].size += size
            open[open.count - 1].bytes += bytes
            if open[open.count - 1].isMapping { open[open.count - 1].expectsKey.toggle() }
        }
        while true {
            var event = yaml_event_t()
            // A syntax error: Yams reports it, with its context, when it composes.
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            let column = Int(event.start_mark.column) + 1
            func error(_ message: String, _ hint: String) -> ConfigurationError {
                ConfigurationError(file: file, line: line, column: column, message: message, hint: hint)
            }
            let isKey = open.last.map { $0.isMapping && $0.expectsKey } ?? false
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return nil
            case YAML_DOCUMENT_START_EVENT:
                sizes = [:]
                aliasExpansion = 0
                aliasBytes = 0
            case YAML_ALIAS_EVENT:
                let name = anchorName(event.data.alias.anchor) ?? ""
                if isKey {
                    return error("an alias (*\(name)) is used as a mapping key", "write the key out as a plain name; the gate refuses aliases as keys")
                }
                let (size, bytes) = sizes[name] ?? (1, 0)
                aliasExpansion += size
                aliasBytes += bytes
                if aliasExpansion > maximumAliasExpansion {
                    return error("aliases expand to more than \(maximumAliasExpansion) nodes (here *\(name), \(size) nodes)",
                                 "write the repeated parts out, or use fewer nested aliases; the gate refuses alias bombs")
                }
                if aliasBytes > maximumAliasBytes {
                    return error("aliases repeat more than \(maximumAliasBytes) bytes of text (here *\(name), \(bytes) bytes)",
                                 "write long texts once; the gate refuses aliases that multiply text")
                }
                finished(size, bytes: bytes)
            case YAML_SCALAR_EVENT:
                let length = Int(event.data.scalar.length)
                if let anchor = anchorName(event.data.scalar.anchor) { sizes[anchor] = (1, length) }
                finished(1, bytes: length)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                if isKey {
                    return error("a \(isMapping ? "mapping" : "list") is used as a mapping key", "keys must be plain names")
                }
                let anchor = anchorName(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
                open.append(Container(anchor: anchor, isMapping: isMapping, expectsKey: isMapping))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let closed = open.popLast() else { return nil }
                if let anchor = closed.anchor { sizes[anchor] = (closed.size, closed.bytes) }
                finished(closed.size, bytes: closed.bytes)
            default:
                break
            }
        }
    }
}
