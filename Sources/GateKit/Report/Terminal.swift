/// Text for a terminal that no message can take over: escape sequences (colours, cursor moves, a forged
/// line that erases the real one) and other control characters are removed; line feeds and tabs stay.
package enum Terminal {
    package static func safe(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x1B:
                // ESC [ … final byte (CSI), ESC ] … BEL or ESC \ (OSC), or ESC and one character.
                guard let next = scalars.next() else { break }
                if next == "[" {
                    while let byte = scalars.next(), !(0x40...0x7E).contains(byte.value) {}
                } else if next == "]" {
                    var previous: Unicode.Scalar?
                    while let byte = scalars.next() {
                        if byte.value == 0x07 || (previous?.value == 0x1B && byte == "\\") { break }
                        previous = byte
                    }
                }
            case 0x0A, 0x09:
                out.append(scalar)
            case 0x00...0x1F, 0x7F, 0x80...0x9F:
                // A carriage return would let a message overwrite its own line: gone, like the rest.
                break
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }
}
