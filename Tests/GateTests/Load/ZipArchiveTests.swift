import Foundation
import Testing
@testable import GateKit

/// Superset's export ZIP, read without a ZIP library: stored entries come back whole; anything else is refused by name.
@Suite("ZIP archives", .offPool)
struct ZipArchiveTests {
    /// A ZIP written by Python's zipfile, as Superset writes one; `script` fills `z` and may rewrite `data` after.
    func zip(_ script: String) async throws -> Data {
        let folder = try TemporaryFolder.make("gate-zip")
        let path = folder.appendingPathComponent("b.zip").path
        let program = "import zipfile, io\nbuf = io.BytesIO()\nz = zipfile.ZipFile(buf, 'w')\n" + script
            + "\nz.close()\ndata = bytearray(buf.getvalue())\n" + "open('\(path)', 'wb').write(data)\n"
        let run = try await Processes.run("/usr/bin/python3", ["-c", program])
        #expect(run.status == 0, "\(run.errors)")
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    @Test("stored entries come back whole, in order; folder entries are skipped")
    func stored() async throws {
        let data = try await zip("z.writestr('export/metadata.yaml', 'version: 1.0.0\\n')\nz.writestr('export/charts/', '')\nz.writestr('export/charts/a.yaml', 'x' * 70000)")
        let entries = try ZipArchive.entries(data)
        #expect(entries.map(\.path) == ["export/metadata.yaml", "export/charts/a.yaml"])
        #expect(entries[0].data == Data("version: 1.0.0\n".utf8) && entries[1].data.count == 70_000)
    }

    @Test("refused, each by name: a compressed entry, a path out of the folder, a CRC mismatch, not a ZIP, a cut ZIP")
    func refused() async throws {
        let deflated = try await zip("z.writestr(zipfile.ZipInfo('e/a.yaml'), 'a' * 100, compress_type=zipfile.ZIP_DEFLATED)")
        #expect(throws: ZipArchive.Problem.self) { try ZipArchive.entries(deflated) }
        do { _ = try ZipArchive.entries(deflated) } catch { #expect(error.description.contains("compressed (method 8)")) }
        for name in ["../evil.yaml", "/etc/evil.yaml", "e/../../evil.yaml"] {
            let escaping = try await zip("z.writestr('\(name)', 'x')")
            #expect(throws: ZipArchive.Problem.self, "\(name)") { try ZipArchive.entries(escaping) }
        }
        var tampered = try await zip("z.writestr('e/a.yaml', 'abcdef')")
        let index = try #require(tampered.firstRange(of: Data("abcdef".utf8))).lowerBound
        tampered[index] = UInt8(ascii: "X")
        do { _ = try ZipArchive.entries(tampered); Issue.record("a CRC mismatch must be refused") } catch {
            #expect(error.description.contains("CRC-32"))
        }
        #expect(throws: ZipArchive.Problem.self) { try ZipArchive.entries(Data("<html>login</html>".utf8)) }
        let whole = try await zip("z.writestr('e/a.yaml', 'abc')")
        #expect(throws: ZipArchive.Problem.self) { try ZipArchive.entries(whole.prefix(whole.count - 30)) }
        #expect(throws: ZipArchive.Problem.self) { try ZipArchive.entries(Data()) }
    }
}
