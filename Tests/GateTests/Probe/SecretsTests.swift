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
}
