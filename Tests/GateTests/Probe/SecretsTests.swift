import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// Finding and masking secrets: pure, so these run everywhere, with or without a database.
@Suite("Secrets", .offPool)
struct SecretsTests {
    @Test("secrets: braced values with }} escapes, spaces around =, and short values are all masked")
    func secrets() {
        #expect(Secrets.values(inConnectionString: "Driver={X};PWD={a}}b;c};Server=s") == ["a}b;c"])
        #expect(Secrets.values(inConnectionString: "Uid = u; Password = hunter2 ;") == ["hunter2"])
        #expect(Secrets.mask("user u failed with pw ab", ["ab"]) == "user u failed with pw ***")
    }

    @Test("secrets in connection strings are found, including braced values")
    func secretsFound() {
        #expect(Secrets.values(inConnectionString: "Driver={X};Uid=u;PWD={a;b};Server=s") == ["a;b"])
        #expect(Secrets.values(inConnectionString: "Driver=X;Password=hunter22;") == ["hunter22"])
        #expect(Secrets.mask("login failed for hunter22", ["hunter22"]) == "login failed for ***")
    }

    @Test("connection strings read as the driver manager reads them: a keyword alone, a leading ;, an empty segment never hide a password")
    func oddConnectionStrings() {
        #expect(Secrets.values(inConnectionString: "Server=db;UseSSL;Pwd=hunter2") == ["hunter2"])
        #expect(Secrets.values(inConnectionString: ";Pwd=hunter2;Server=db") == ["hunter2"])
        #expect(Secrets.values(inConnectionString: "Server=db; ;Pwd=hunter2") == ["hunter2"])
        #expect(Secrets.values(inConnectionString: "Server=db;  pAsSwOrD = {a;b}}c} ;") == ["a;b}c"])
        #expect(ConnectionString.pairs("Driver={PostgreSQL Unicode};UseSSL;Server=x").map(\.key) == ["driver", "server"])
    }

    @Test("a secret an error page escapes in any character-reference form is masked")
    func characterReferences() {
        let secret = "pa\"ss'w<o>rd&1"
        for page in ["x &#34;pa&#34;ss&#39;w&lt;o&gt;rd&amp;1&#34; y", "pa&quot;ss&#x27;w&lt;o&gt;rd&amp;1", "pa&#x22;ss&#X27;w&#60;o&#62;rd&#38;1"] {
            #expect(!Secrets.mask(page, [secret]).contains("rd&amp;1") && Secrets.mask(page, [secret]).contains("***"), "\(page)")
        }
        #expect(Secrets.mask("AT&T &amp; co &#xZZ; &unknown;", ["zzz"]) == "AT&T & co &#xZZ; &unknown;", "other text reads as before")
    }

    @Test("psqlODBC's failed password (08001 with the server's words) is a refused login: never retried")
    func refusedLoginNotRetried() {
        let refused = ODBCError(step: .connect, records: [ODBCDiagnostic(sqlState: "08001", nativeCode: 101,
                                message: "connection to server failed: FATAL:  password authentication failed for user \"gate_reader\"")])
        #expect(refused.isLoginRefused && !refused.isTransient)
        #expect(refused.hint?.contains("login refused") == true)
        let unreachable = ODBCError(step: .connect, records: [ODBCDiagnostic(sqlState: "08001", nativeCode: 101, message: "could not connect to server: Connection refused")])
        #expect(!unreachable.isLoginRefused && unreachable.isTransient)
    }

    /// How a server may echo a password it received: each style as the encoder it stands for writes it.
    enum EchoStyle: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case raw, pythonJSON, pythonJSONUnicode, jsonEscapingSlash, htmlNamed, htmlDecimal, htmlHex, percentPath, formEncoded, requestBody
        var testDescription: String { rawValue }

        func echo(_ password: String) -> String {
            switch self {
            case .raw: return password
            case .pythonJSON: return EchoStyle.pythonJSON(password, ensureASCII: true)
            case .pythonJSONUnicode: return EchoStyle.pythonJSON(password, ensureASCII: false)
            case .jsonEscapingSlash:
                // Foundation's encoder: `\/` for a slash, other characters raw.
                let data = try! JSONSerialization.data(withJSONObject: [password], options: [.fragmentsAllowed])
                return String(decoding: data, as: UTF8.self)
            case .htmlNamed:
                // Python's html.escape.
                return password.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                    .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#x27;")
            case .htmlDecimal: return password.unicodeScalars.map { "&#\($0.value);" }.joined()
            case .htmlHex: return password.unicodeScalars.map { "&#x\(String($0.value, radix: 16));" }.joined()
            case .percentPath: return EchoStyle.quote(password, safe: "/", plus: false)
            case .formEncoded: return EchoStyle.quote(password, safe: "", plus: true)
            case .requestBody:
                // The gate's own login body, as a server that echoes what it received shows it.
                let body = try! JSONSerialization.data(withJSONObject: ["username": "gate", "password": password, "provider": "db", "refresh": true])
                return String(decoding: body, as: UTF8.self)
            }
        }

        /// Python's json.dumps: `"` and `\\` escaped, control characters short or \u00XX, `/` raw; with
        /// ensure_ascii every other non-ASCII character \uXXXX in lower-case hex.
        static func pythonJSON(_ text: String, ensureASCII: Bool) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 || (ensureASCII && scalar.value > 0x7F) {
                        out += String(String(Character(scalar)).utf16.map { String(format: "\\u%04x", $0) }.joined())
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }

        /// Python's urllib.parse.quote / quote_plus: letters, digits and `_.-~` (and `safe`) raw, the rest %XX.
        static func quote(_ text: String, safe: String, plus: Bool) -> String {
            var out = ""
            for byte in text.utf8 {
                let character = Character(Unicode.Scalar(byte))
                if byte < 0x80 && (character.isLetter || character.isNumber || "_.-~".contains(character) || safe.contains(character)) {
                    out.append(character)
                } else if plus && byte == 0x20 {
                    out += "+"
                } else {
                    out += String(format: "%%%02X", byte)
                }
            }
            return out
        }
    }

    /// One character each that an encoder writes differently from the raw text.
    static let awkwardCharacters = ["/", "\"", "\\", "é", "\t", " ", "+", "%", "&", "'", "<"]

    @Test("a password echoed in any common encoding is masked whole (echo style × an awkward character)",
          arguments: EchoStyle.allCases, awkwardCharacters)
    func echoedPasswordMasked(style: EchoStyle, character: String) {
        // Distinct halves around the character: a mask that stops at the encoded character leaves one of them.
        let password = "Head7q" + character + "Tail9z"
        let page = "<p>login failed for " + style.echo(password) + " (try again)</p>"
        let masked = Secrets.mask(page, [password])
        #expect(!masked.contains("Head7q") && !masked.contains("Tail9z") && masked.contains("***"), "\(style): \(page) → \(masked)")
        #expect(masked.contains("login failed for") && masked.contains("(try again)"), "the rest of the page is kept: \(masked)")
    }

    @Test("encoders mix forms: \\u escapes in either case, surrogate pairs, lower-case percent hex, escaped and raw slashes together")
    func mixedEncodings() {
        let cases: [(secret: String, echoed: String)] = [
            ("a/b\"c", "a/b\\\"c"), ("a/b\"c", "a\\/b\\u0022c"), ("é1", "\\u00E91"), ("é1", "\\u00e91"), ("x😀y", "x\\ud83d\\uDE00y"),
            ("a b/c", "a%20b/c"), ("a b/c", "a+b%2fc"), ("t\tz", "t\\u0009z"), ("t\nz", "t\\nz"), ("r\rz", "r%0dz"), ("<&>", "&#60;&amp;&#X3E;"),
        ]
        for (secret, echoed) in cases {
            #expect(Secrets.mask("[\(echoed)]", [secret]) == "[***]", "\(echoed)")
        }
    }

    @Test("masking a 500-check report's texts with three secrets stays quick (the pattern is compiled once)")
    func maskingCost() {
        let secrets = ["Sup3r/sécret\"pw", "DbP@ss w0rd;%", "eyJhbGciOiJIUzI1NiJ9.tok3n"]
        let texts = (0..<500).flatMap { index in
            ["dashboard \(index) · rows returned 123, expected 120..130 — note: the nightly load", String(repeating: "Superset answered HTTP 500: ", count: 20),
             "<html>error page for check \(index) quoting Sup3r%2Fs%C3%A9cret%22pw</html>", "SELECT count(*) FROM t WHERE a = \(index)"]
        }
        let clock = ContinuousClock()
        let start = clock.now
        let masked = texts.map { Secrets.mask($0, secrets) }
        let elapsed = clock.now - start
        #expect(masked.filter { $0.contains("***") }.count == 500)
        // About 0.03 s for these 2,000 texts on an idle 2-core machine (debug build); the bound is far above 5x.
        #expect(elapsed < .seconds(2), "\(elapsed) for \(texts.count) texts")
        // A sentinel's whole answer (up to max_response_bytes): one scan, linear in its length.
        let body = String(repeating: "{\"status\": \"phase-8\", \"note\": \"a & b < c\"} ", count: 100_000) + "Sup3r/s\\u00e9cret\\\"pw"
        let bodyStart = clock.now
        let maskedBody = Secrets.mask(body, secrets)
        let bodyElapsed = clock.now - bodyStart
        #expect(maskedBody.hasSuffix("***"))
        // About 0.6 s for 4.6 MB on an idle 2-core machine (debug build).
        #expect(bodyElapsed < .seconds(10), "\(bodyElapsed) for \(body.utf8.count) bytes")
    }
}
