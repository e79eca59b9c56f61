import Cabinet
import Foundation

/// Writes each sent report as a CSV file: `<folder>/<INN>/report-<N>.csv`, UTF-8 with a header row.
public struct ReportArchive: Sendable {
    public let folder: URL

    public init(folder: URL) {
        self.folder = folder
    }

    /// The CSV text of a report (columns: report, role, full name, verdict, reason, decided by, decided at).
    public static func csv(_ report: Report, inn: String, timeZone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        formatter.formatOptions = [.withInternetDateTime]
        var lines = ["report,inn,role,full_name,verdict,reason,decided_by,decided_at"]
        for decision in report.decisions {
            let fields = [
                String(report.number), inn, decision.subjectRole.rawValue, decision.subjectName,
                decision.verdict.rawValue,
                decision.reason ?? "", decision.actorName, formatter.string(from: decision.decidedAt),
            ]
            lines.append(fields.map(escape).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180 quoting; a leading `=`, `+`, `-` or `@` is prefixed with `'` so spreadsheets don't run it.
    static func escape(_ field: String) -> String {
        var value = field
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { ",\"\r\n".contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Writes the file atomically; returns its path.
    public func write(_ report: Report, inn: String, timeZone: TimeZone) throws -> URL {
        let directory = folder.appendingPathComponent(inn, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("report-\(report.number).csv")
        try Data(Self.csv(report, inn: inn, timeZone: timeZone).utf8).write(to: file, options: .atomic)
        return file
    }
}
