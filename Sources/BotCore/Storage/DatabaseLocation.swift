import Foundation

/// Where the data lives, as `--db` gives it: an SQLite file (the embedded default) or a PostgreSQL server.
public enum DatabaseLocation: Equatable, Sendable, CustomStringConvertible {
    /// An SQLite file (created when missing), or `:memory:`.
    case sqlite(path: String)
    /// A PostgreSQL server: a `postgres://` or `postgresql://` URL as libpq reads it; libpq's environment
    /// variables (`PGHOST`, `PGUSER`, `PGPASSWORD`, …) fill in what it leaves out.
    case postgres(conninfo: String)

    /// Reads `--db`: a `postgres://` or `postgresql://` URL selects PostgreSQL, anything else is a file path.
    public init(_ text: String) {
        let lowered = text.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            self = .postgres(conninfo: text)
        } else {
            self = .sqlite(path: text)
        }
    }

    /// The SQLite file's path, nil for PostgreSQL.
    public var filePath: String? {
        if case .sqlite(let path) = self { return path }
        return nil
    }

    /// What libpq connects with (the URL as given).
    var conninfo: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let conninfo): conninfo
        }
    }

    /// For logs and errors: the path, or the URL with its password hidden.
    public var description: String {
        switch self {
        case .sqlite(let path):
            return path
        case .postgres(let conninfo):
            var text = conninfo
            // postgres://user:secret@host → postgres://user:***@host
            if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@"),
                let colon = text[scheme.upperBound..<at].firstIndex(of: ":")
            {
                text.replaceSubrange(text.index(after: colon)..<at, with: "***")
            }
            // …?password=secret&… → …?password=***&…
            if let key = text.range(of: "password=", options: .caseInsensitive) {
                let end = text[key.upperBound...].firstIndex(of: "&") ?? text.endIndex
                text.replaceSubrange(key.upperBound..<end, with: "***")
            }
            return text
        }
    }
}
