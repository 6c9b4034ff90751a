import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// Finding and masking secrets: pure, so these run everywhere, with or without a database.
@Suite("Secrets")
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

    @Test("a blocked call is abandoned at its deadline: the caller gets the timeout on time")
    func blockedCallAbandoned() async throws {
        struct Late: Error {}
        // Many other blocked calls at once (a busy test run, a stuck driver): they must not starve the timer.
        let busy = Task {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<24 { group.addTask { _ = try? await onBlockingThread { Thread.sleep(forTimeInterval: 2); return 0 } } }
            }
        }
        defer { busy.cancel() }
        try await Task.sleep(for: .milliseconds(50))
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: Late.self) {
            try await onBlockingThread(until: .now + .milliseconds(300), onTimeout: { Late() }) {
                Thread.sleep(forTimeInterval: 3)
                return 1
            }
        }
        #expect(clock.now - start < .seconds(2), "answered at the deadline, not when the blocked call returned")
        #expect(try await onBlockingThread(until: .now + .seconds(5), onTimeout: { Late() }) { 42 } == 42)
    }
}
