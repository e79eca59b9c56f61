import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a PostgreSQL command failed, with its stderr.
public struct PostgresClusterError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}

/// The PostgreSQL programs `initdb`, `pg_ctl` and `psql`, and how to run the server ones: directly, or as the
/// `postgres` user through `runuser` when the tests run as root (`initdb` and the server refuse to run as root).
struct PostgresTools: Sendable {
    /// The folder that holds `initdb`, `pg_ctl` and `psql`.
    let binaries: String
    /// `runuser` when running as root, nil otherwise.
    let runuser: String?
    /// The uid and gid of `postgres` when running as root.
    let serverOwner: (uid: uid_t, gid: gid_t)?

    static let serverUser = "postgres"

    /// Found once per process.
    static let located: Result<PostgresTools, PostgresClusterError> = locate()

    private static func locate() -> Result<PostgresTools, PostgresClusterError> {
        guard
            let binaries = binaryFolderCandidates().first(where: { folder in
                ["initdb", "pg_ctl", "psql"].allSatisfy { isExecutable("\(folder)/\($0)") }
            })
        else {
            return .failure(
                PostgresClusterError(
                    "no PostgreSQL server binaries (initdb) found: apt-get install postgresql"))
        }
        guard geteuid() == 0 else { return .success(PostgresTools(binaries: binaries, runuser: nil, serverOwner: nil)) }
        guard
            let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"]
                .first(where: isExecutable)
        else {
            return .failure(
                PostgresClusterError(
                    "running as root, but runuser (util-linux) is missing to run the PostgreSQL server as \(serverUser)"
                ))
        }
        guard let entry = getpwnam(serverUser) else {
            return .failure(
                PostgresClusterError(
                    "running as root, but there is no \(serverUser) user to run the PostgreSQL server as: "
                        + "apt-get install postgresql"))
        }
        let owner = (uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
        return .success(PostgresTools(binaries: binaries, runuser: runuser, serverOwner: owner))
    }

    /// `/usr/lib/postgresql/<version>/bin`, highest version first, then `pg_config --bindir`, then `$PATH`.
    private static func binaryFolderCandidates() -> [String] {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .map { ($0, $0.split(separator: ".").map { Int($0) ?? -1 }) }
            .sorted { $0.1.lexicographicallyPrecedes($1.1) }
            .reversed()
        var candidates = versions.map { "\(root)/\($0.0)/bin" }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(
            String.init)
        if let pgConfig = (path + ["/usr/bin"]).map({ "\($0)/pg_config" }).first(where: isExecutable),
            let output = try? run(pgConfig, ["--bindir"])
        {
            candidates.append(output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return candidates + path
    }

    private static func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }

    func path(_ program: String) -> String { "\(binaries)/\(program)" }

    /// Runs `initdb` or `pg_ctl` as the user that owns the cluster; returns its stdout.
    @discardableResult
    func runServerTool(_ program: String, _ arguments: [String], in directory: String = "/") throws -> String {
        if let runuser {
            return try Self.run(runuser, ["-u", Self.serverUser, "--", path(program)] + arguments, in: directory)
        }
        return try Self.run(path(program), arguments, in: directory)
    }

    /// Runs `executable` with `arguments`, waits for it to exit, returns its stdout; throws with its stderr
    /// when it fails.
    static func run(_ executable: String, _ arguments: [String], in directory: String = "/") throws -> String {
        let outcome = try ChildCommand.run(executable, arguments, in: directory)
        guard outcome.status == 0 else {
            let errors = outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            let how = outcome.status.map { "exited with status \($0)" } ?? "was killed by signal \(outcome.signal)"
            throw PostgresClusterError(
                "\(([executable] + arguments).joined(separator: " ")) \(how)" + (errors.isEmpty ? "" : ":\n\(errors)"))
        }
        return outcome.stdout
    }
}

extension PostgresCluster {
    /// Where the clusters' folders go: the temp dir, or `/tmp` when the socket path would be too long there.
    static var baseFolder: String {
        let temporary = FileManager.default.temporaryDirectory.path
        return temporary.utf8.count > 60
            ? "/tmp" : (temporary.hasSuffix("/") ? String(temporary.dropLast()) : temporary)
    }

    static let folderPrefix = "botrunner-pg-"

    /// Stops and removes the clusters of earlier test processes that died without their `atexit` handler.
    static func removeStaleClusters(_ tools: PostgresTools) {
        let base = baseFolder
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        where name.hasPrefix(folderPrefix) {
            guard let pid = Int32(name.dropFirst(folderPrefix.count).prefix { $0 != "-" }), pid > 0, pid != getpid(),
                kill(pid, 0) == -1, errno == ESRCH
            else { continue }
            let folder = "\(base)/\(name)"
            if FileManager.default.fileExists(atPath: "\(folder)/data") {
                _ = try? tools.runServerTool("pg_ctl", ["stop", "-m", "immediate", "-D", "\(folder)/data"])
            }
            try? FileManager.default.removeItem(atPath: folder)
        }
    }
}

#if canImport(Testing)
    import Testing

    extension Trait where Self == ConditionTrait {
        /// Skips the test when PostgreSQL cannot be used, outside CI only (see `PostgresCluster.skipReason()`):
        /// `@Test(.requiresPostgres) func f() throws { let url = try PostgresCluster.shared().createDatabase() }`.
        public static var requiresPostgres: Self {
            let reason = PostgresCluster.skipReason()
            return .enabled(if: reason == nil, Comment(rawValue: reason ?? "PostgreSQL is available"))
        }
    }
#endif
