import Foundation
import Testing
@testable import GateKit
@testable import Probes

@Suite("HTTP client")
struct HTTPClientTests {
    @Test("URLs keep their path prefix: a Superset under /bi/ is asked under /bi/")
    func pathPrefix() {
        #expect(HTTPClient.join(URL(string: "https://x.example/bi/")!, "/api/v1/chart/1/data/?force=true")?.absoluteString
                == "https://x.example/bi/api/v1/chart/1/data/?force=true")
        #expect(HTTPClient.join(URL(string: "http://127.0.0.1:8089")!, "api/powerfill/status")?.absoluteString
                == "http://127.0.0.1:8089/api/powerfill/status")
    }
}
