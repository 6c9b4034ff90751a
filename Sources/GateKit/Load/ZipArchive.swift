import Foundation

/// The files of a ZIP as Superset's export writes it: entries stored, not compressed (Python's `ZipFile(buf, "w")`).
/// Read from the central directory, each entry's CRC-32 checked; bounded in entries and bytes, and a path that would
/// leave the folder it is written into (absolute, `..`) is refused. Other compression methods are refused by name:
/// Foundation on Linux reads no ZIP, and inflating is more than this format needs.
package enum ZipArchive {
    package struct Entry: Sendable, Equatable {
        package let path: String
        package let data: Data
    }

    package struct Problem: Error, Sendable, CustomStringConvertible {
        package let description: String
    }

    package static let maximumEntries = 10_000
    package static let maximumBytes = 64 * 1024 * 1024

    package static func entries(_ zip: Data) throws(Problem) -> [Entry] {
        let bytes = [UInt8](zip)
        func u16(_ at: Int) throws(Problem) -> Int {
            guard at >= 0, at + 2 <= bytes.count else { throw Problem(description: "truncated at byte \(at)") }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8
        }
        func u32(_ at: Int) throws(Problem) -> Int {
            guard at >= 0, at + 4 <= bytes.count else { throw Problem(description: "truncated at byte \(at)") }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
        }
        guard bytes.count <= maximumBytes else { throw Problem(description: "\(bytes.count) bytes, over the \(maximumBytes) read") }
        // The end-of-central-directory record: the last 22 bytes, or before a comment of up to 64 KiB.
        var end = bytes.count - 22
        while end >= max(0, bytes.count - 22 - 65_535), try u32(end) != 0x0605_4b50 { end -= 1 }
        guard end >= 0, try u32(end) == 0x0605_4b50 else { throw Problem(description: "not a ZIP (no end of central directory)") }
        let count = try u16(end + 10)
        guard count <= maximumEntries else { throw Problem(description: "\(count) entries, over the \(maximumEntries) read") }
        var at = try u32(end + 16)
        var entries: [Entry] = []
        var total = 0
        for _ in 0..<count {
            guard try u32(at) == 0x0201_4b50 else { throw Problem(description: "a broken central directory at byte \(at)") }
            let method = try u16(at + 10)
            let crc = UInt32(try u32(at + 16))
            let size = try u32(at + 20)
            let nameLength = try u16(at + 28), extraLength = try u16(at + 30), commentLength = try u16(at + 32)
            let local = try u32(at + 42)
            guard at + 46 + nameLength <= bytes.count else { throw Problem(description: "truncated at byte \(at)") }
            let path = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            at += 46 + nameLength + extraLength + commentLength
            guard !path.hasPrefix("/"), !path.split(separator: "/").contains(".."), !path.contains("\\") else {
                throw Problem(description: "entry '\(path)' would be written outside the folder")
            }
            if path.hasSuffix("/") { continue }
            guard method == 0 else {
                throw Problem(description: "entry '\(path)' is compressed (method \(method)); Superset's export stores its files")
            }
            total += size
            guard total <= maximumBytes else { throw Problem(description: "entries of more than \(maximumBytes) bytes") }
            guard try u32(local) == 0x0403_4b50 else { throw Problem(description: "entry '\(path)' has no local header") }
            let start = local + 30 + (try u16(local + 26)) + (try u16(local + 28))
            guard start >= 0, start + size <= bytes.count else { throw Problem(description: "entry '\(path)' is truncated") }
            let data = Data(bytes[start..<(start + size)])
            guard crc32(data) == crc else { throw Problem(description: "entry '\(path)' fails its CRC-32 check") }
            entries.append(Entry(path: path, data: data))
        }
        return entries
    }

    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
