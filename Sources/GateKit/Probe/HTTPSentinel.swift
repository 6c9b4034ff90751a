import Foundation
import Probes

/// The real sentinel over HTTP.
package struct HTTPSentinel: SentinelReading {
    package let url: URL
    let http: HTTPClient

    package init(url: URL, http: HTTPClient) {
        self.url = url
        self.http = http
    }

    package var displayURL: String { HTTPClient.display(url) }

    package func read() async throws -> SentinelAnswer {
        let response = try await http.send("GET", url, headers: ["Accept": "application/json"])
        return SentinelAnswer(status: response.status, body: response.text)
    }
}
