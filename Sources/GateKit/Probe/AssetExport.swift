import Foundation
import Probes

/// `gate-runner assets export`: the deployed state of a plan's dashboards written as an unzipped Superset export
/// bundle, so a team takes its first truth from an instance and reviews later changes as a git diff. Read-only:
/// dashboard lookups and one export call.
package enum AssetExport {
    package struct Written: Sendable, Equatable {
        package let dashboards: Int
        package let files: Int
    }

    package enum Failure: Error, CustomStringConvertible {
        case superset(String)
        case archive(ZipArchive.Problem)
        case folder(String)

        package var description: String {
            switch self {
            case .superset(let message): return message
            case .archive(let problem): return "Superset's export is not a bundle the gate reads: \(problem)"
            case .folder(let message): return message
            }
        }
    }

    /// Exports the plan's dashboards from `superset` into `folder`, replacing it whole (written beside it first, then
    /// renamed over it, so an interrupted export leaves the old bundle).
    package static func write(_ plan: GatePlan, from superset: any SupersetReading, to folder: String) async throws(Failure) -> Written {
        var ids: [Int] = []
        do {
            try await superset.login()
            for dashboard in plan.dashboards {
                ids.append(try await superset.dashboard(dashboard.pinnedID.map(String.init) ?? dashboard.slug).id)
            }
        } catch {
            throw .superset(Secrets.mask("looking up the dashboards failed: \(error)", await superset.sessionSecrets))
        }
        let zip: Data
        do { zip = try await superset.exportDashboards(ids: ids) } catch {
            throw .superset(Secrets.mask("the dashboard export failed: \(error)", await superset.sessionSecrets))
        }
        let entries: [ZipArchive.Entry]
        do { entries = try ZipArchive.entries(zip) } catch { throw .archive(error) }
        let staging = folder + ".export-\(ProcessInfo.processInfo.processIdentifier)"
        let files = FileManager.default
        do {
            try? files.removeItem(atPath: staging)
            for entry in entries {
                // Every entry sits under one `dashboard_export_<timestamp>/` folder: dropped, so re-exports diff cleanly.
                let parts = entry.path.split(separator: "/", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let target = URL(fileURLWithPath: staging).appendingPathComponent(String(parts[1]))
                try files.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try entry.data.write(to: target)
            }
            if files.fileExists(atPath: folder) { try files.removeItem(atPath: folder) }
            try files.moveItem(atPath: staging, toPath: folder)
        } catch {
            try? files.removeItem(atPath: staging)
            throw .folder("writing \(folder) failed: \(error.localizedDescription)")
        }
        return Written(dashboards: ids.count, files: entries.count)
    }
}
