import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A throwaway PostgreSQL cluster for tests, one per test process.
///
/// It is started on first use in a fresh folder under the temp dir, listens only on a Unix socket in that folder,
/// and is stopped and removed when the process exits. Each test takes a database of its own with `createDatabase()`.
///
/// Skipping: outside CI a test may skip when `PostgresCluster.skipReason()` is not nil (or use the
/// `.requiresPostgres` trait). In CI (`isCI`) `skipReason()` is always nil: the test then calls `shared()`, which
/// throws why PostgreSQL cannot be used, and so fails instead of silently skipping.
public final class PostgresCluster: Sendable {
    /// The cluster's folder: the Unix socket, the data directory `data` and the server log `log`.
    public let folder: String
    public var socketDirectory: String { folder }
    public let port: Int
    public var dataDirectory: String { "\(folder)/data" }
    public var logFile: String { "\(folder)/log" }

    private let tools: PostgresTools
    private let databaseCount = Mutex(0)

    private init(folder: String, port: Int, tools: PostgresTools) {
        self.folder = folder
        self.port = port
        self.tools = tools
    }

    // MARK: - Availability

    /// nil when PostgreSQL can be used here, else why not (a sentence).
    public static var unavailableReason: String? {
        if case .failure(let error) = PostgresTools.located { return error.description }
        return nil
    }

    /// Whether this runs in CI: the environment variable `CI` is set, non-empty and not `false` or `0`.
    public static var isCI: Bool {
        guard let value = ProcessInfo.processInfo.environment["CI"] else { return false }
        return !value.isEmpty && value.lowercased() != "false" && value != "0"
    }

    /// Why a test that needs PostgreSQL should be skipped, or nil when it should run.
    ///
    /// Always nil in CI, where an unavailable PostgreSQL must fail the test: call `shared()` and let its error
    /// fail it.
    public static func skipReason() -> String? {
        isCI ? nil : unavailableReason
    }

    // MARK: - The shared cluster

    private static let sharedCluster = Mutex<Result<PostgresCluster, PostgresClusterError>?>(nil)

    /// The cluster of this test process, started on first call; concurrent first callers wait for the same start.
    ///
    /// A failed start is not retried: every caller gets its error.
    public static func shared() throws -> PostgresCluster {
        let result = sharedCluster.withLock { state in
            if let state { return state }
            let started: Result<PostgresCluster, PostgresClusterError>
            do {
                started = .success(try start())
                atexit { PostgresCluster.stopSharedAtExit() }
            } catch let error as PostgresClusterError {
                started = .failure(error)
            } catch {
                started = .failure(PostgresClusterError("\(error)"))
            }
            state = started
            return started
        }
        return try result.get()
    }

    private static func stopSharedAtExit() {
        guard case .success(let cluster) = sharedCluster.withLock({ $0 }) else { return }
        cluster.stop()
    }

    // MARK: - Start and stop

    private static func start() throws -> PostgresCluster {
        let tools = try PostgresTools.located.get()
        removeStaleClusters(tools)
        let folder = try makeFolder(owner: tools.serverOwner)
        let cluster = PostgresCluster(folder: folder, port: 5432, tools: tools)
        do {
            try cluster.initialize()
            try cluster.startServer()
        } catch {
            cluster.stop()
            throw error
        }
        return cluster
    }

    /// A new folder `<temp>/botrunner-pg-<pid>-<random>`, mode 0700, owned by the server's user.
    private static func makeFolder(owner: (uid: uid_t, gid: gid_t)?) throws -> String {
        for _ in 0..<100 {
            let random = String(UInt32.random(in: .min ... .max), radix: 16)
            let folder = "\(baseFolder)/\(folderPrefix)\(getpid())-\(random)"
            guard mkdir(folder, 0o700) == 0 else {
                if errno == EEXIST { continue }
                throw PostgresClusterError("could not create \(folder): \(String(cString: strerror(errno)))")
            }
            if let owner, chown(folder, owner.uid, owner.gid) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(atPath: folder)
                throw PostgresClusterError("could not give \(folder) to \(PostgresTools.serverUser): \(reason)")
            }
            return folder
        }
        throw PostgresClusterError("could not create a fresh folder in \(baseFolder)")
    }

    private func initialize() throws {
        let arguments = ["-D", dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]
        do {
            try tools.runServerTool("initdb", arguments + ["--locale=C.UTF-8"], in: folder)
        } catch let utf8Error {
            try? FileManager.default.removeItem(atPath: dataDirectory)
            do {
                try tools.runServerTool("initdb", arguments + ["--locale=C"], in: folder)
            } catch {
                throw PostgresClusterError(
                    "initdb failed with --locale=C.UTF-8: \(utf8Error)\nand with --locale=C: \(error)")
            }
        }
    }

    private func startServer() throws {
        let options =
            "-k '\(folder)' -c listen_addresses='' -c fsync=off -c full_page_writes=off"
            + " -c max_connections=200 -p \(port)"
        do {
            try tools.runServerTool(
                "pg_ctl", ["-D", dataDirectory, "-l", logFile, "-w", "-o", options, "start"], in: folder)
        } catch {
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            throw PostgresClusterError("\(error)" + (log.isEmpty ? "" : "\nserver log:\n\(log)"))
        }
    }

    /// Stops the server at once (`pg_ctl stop -m immediate`) and removes the folder.
    func stop() {
        if FileManager.default.fileExists(atPath: "\(dataDirectory)/postmaster.pid") {
            _ = try? tools.runServerTool("pg_ctl", ["stop", "-m", "immediate", "-D", dataDirectory], in: folder)
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    // MARK: - Databases

    /// Creates a new, empty database named `<prefix>_<counter>_<random hex>` and returns its connection URL.
    ///
    /// The prefix is reduced to lowercase letters, digits and underscores.
    public func createDatabase(_ prefix: String = "test") throws -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_")
        var cleaned = String(prefix.lowercased().filter { allowed.contains($0) }.prefix(40))
        if cleaned.isEmpty || cleaned.first!.isNumber { cleaned = "test" + cleaned }
        let count = databaseCount.withLock { count in
            count += 1
            return count
        }
        let name = "\(cleaned)_\(count)_\(String(UInt32.random(in: .min ... .max), radix: 16))"
        _ = try psql("CREATE DATABASE \(name)", database: "postgres")
        return url(database: name)
    }

    /// The libpq connection URL of `database`: `postgresql://postgres@/<database>?host=<socket dir>&port=<port>`.
    public func url(database: String) -> String {
        let unreserved = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let host = socketDirectory.addingPercentEncoding(withAllowedCharacters: unreserved) ?? socketDirectory
        let name = database.addingPercentEncoding(withAllowedCharacters: unreserved) ?? database
        return "postgresql://postgres@/\(name)?host=\(host)&port=\(port)"
    }

    /// Runs one SQL command in `database` with `psql -At` as the current user (root can use the socket of a
    /// cluster owned by `postgres`) and returns its output without the trailing newline.
    @discardableResult
    public func psql(_ sql: String, database: String) throws -> String {
        let arguments = [
            "-X", "-h", socketDirectory, "-p", String(port), "-U", "postgres", "-d", database,
            "-v", "ON_ERROR_STOP=1", "-At", "-c", sql,
        ]
        var output = try PostgresTools.run(tools.path("psql"), arguments)
        while output.hasSuffix("\n") { output.removeLast() }
        return output
    }
}
