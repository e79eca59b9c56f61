import BotCore
import Dialogs
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `botrunner bench`: the reference workload (BENCH.md) in-process, over stdio and over TCP.
///
/// Every run checks its own work; a run that fails prints the problems, no figures, and exits 1.
enum BenchCommand {
    struct Settings {
        var chats = 10_000
        var window = 256
        var connections = 4
        var durability = Durability.full
        var modes = ["in-process", "stdio", "tcp"]
        var rate: Double?
        var markdown = false
        var keep = false
        /// `--by-turn`: also the mean latency of each turn of the workload (which step sets the tail).
        var byTurn = false
        /// `--db postgres://…`: runs on that PostgreSQL server (a fresh database per mode); nil: SQLite files.
        var server: DatabaseLocation?
        /// `--processes N` (tcp, PostgreSQL): that many `serve` processes on one database, connections spread over
        /// them.
        var processes = 1
    }

    static func run(_ words: [String]) throws -> Int32 {
        let settings = try parse(words)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("botrunner-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer {
            if settings.keep {
                printError("bench: databases kept in \(folder.path)")
            } else {
                try? FileManager.default.removeItem(at: folder)
            }
        }
        let store = BenchStore(server: settings.server, folder: folder, keep: settings.keep)
        defer { store.dropAll(settings.modes + (0..<3).map { "cold\($0)" }) }
        var results: [BenchFigures] = []
        var problems: [String] = []
        for mode in settings.modes {
            var check = BenchCheck(chats: settings.chats)
            printError("bench: \(mode)...")
            do {
                let figures: BenchFigures
                switch mode {
                case "in-process":
                    figures = try BenchInProcess.run(
                        chats: settings.chats, window: settings.window, durability: settings.durability,
                        database: try store.fresh(mode), check: &check)
                default:
                    figures = try BenchChild.run(
                        mode: mode, settings: settings, database: try store.fresh(mode), check: &check)
                }
                results.append(figures)
            } catch {
                problems.append("\(mode): \(error)")
            }
            problems += check.failures.map { "\(mode): \($0)" }
            if check.failureCount > check.failures.count {
                problems.append("\(mode): \(check.failureCount - check.failures.count) more problems")
            }
        }
        var coldStart: [Double] = []
        if settings.modes.contains("stdio") {
            do {
                coldStart = try BenchChild.coldStarts(store: store, durability: settings.durability)
            } catch {
                problems.append("cold start: \(error)")
            }
        }
        guard problems.isEmpty else {
            for problem in problems { printError("bench FAILED: \(problem)") }
            return 1
        }
        report(results, coldStart: coldStart, settings: settings)
        return 0
    }

    private static func parse(_ words: [String]) throws -> Settings {
        let arguments = try Arguments(words, switches: ["markdown", "keep", "by-turn"])
        try arguments.allowOnly([
            "chats", "window", "connections", "mode", "rate", "markdown", "keep", "db", "processes", "durability",
            "by-turn",
        ])
        var settings = Settings()
        func positive(_ name: String) throws -> Int? {
            guard let text = arguments.value(name) else { return nil }
            guard let value = Int(text), value > 0 else { throw UsageError("--\(name) takes a positive number") }
            return value
        }
        settings.chats = try positive("chats") ?? settings.chats
        settings.window = try positive("window") ?? settings.window
        settings.connections = try positive("connections") ?? settings.connections
        if let rate = try positive("rate") { settings.rate = Double(rate) }
        if let text = arguments.value("durability") {
            guard let durability = Durability(rawValue: text) else {
                throw UsageError("--durability takes full or normal")
            }
            settings.durability = durability
        }
        if let text = arguments.value("mode"), text != "all" {
            let modes = text.split(separator: ",").map(String.init)
            guard modes.allSatisfy({ ["in-process", "stdio", "tcp"].contains($0) }) else {
                throw UsageError("--mode takes all, or in-process, stdio and tcp separated by commas")
            }
            settings.modes = modes
        }
        settings.markdown = arguments.has("markdown")
        settings.keep = arguments.has("keep")
        settings.byTurn = arguments.has("by-turn")
        if let text = arguments.value("db") {
            let location = DatabaseLocation(text)
            guard case .postgres = location else {
                throw UsageError("--db takes a postgres:// URL (without it the bench makes SQLite files of its own)")
            }
            settings.server = location
        }
        settings.processes = try positive("processes") ?? 1
        if settings.processes > 1 && (settings.server == nil || settings.modes != ["tcp"]) {
            throw UsageError("--processes takes --db postgres://… and --mode tcp: several servers share one database")
        }
        return settings
    }

    private static func report(_ results: [BenchFigures], coldStart: [Double], settings: Settings) {
        let turns = settings.chats * BenchWorkload.turnsPerChat
        let rate = settings.rate.map { ", offered \(Int($0)) turns/s" } ?? ""
        print(
            "bench: \(settings.chats) chats x \(BenchWorkload.turnsPerChat) turns = \(turns) turns per mode; "
                + "window \(settings.window); durability \(settings.durability.rawValue)\(rate); "
                + (settings.server.map { "PostgreSQL \($0)" } ?? "SQLite"))
        func number(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
        if settings.markdown {
            print("| mode | turns/s | p50 ms | p99 ms | max ms | peak RSS MB | setup |")
            print("|---|---:|---:|---:|---:|---:|---|")
        }
        for figures in results {
            let columns = [
                figures.mode, String(Int(figures.turnsPerSecond.rounded())), number(figures.percentile(0.5)),
                number(figures.percentile(0.99)), number(figures.maxMilliseconds),
                number(Double(figures.peakRSSBytes) / 1_048_576, 1), figures.detail,
            ]
            if settings.markdown {
                print("| " + columns.joined(separator: " | ") + " |")
            } else {
                print(
                    "\(columns[0].padding(toLength: 11, withPad: " ", startingAt: 0)) \(columns[1]) turns/s   "
                        + "p50 \(columns[2]) ms   p99 \(columns[3]) ms   max \(columns[4]) ms   "
                        + "peak RSS \(columns[5]) MB   (\(columns[6]))")
            }
        }
        if settings.byTurn {
            for figures in results {
                let means = figures.meanByTurn(chats: settings.chats).map { number($0) }
                print("\(figures.mode) by turn, mean ms from turn 1 to \(means.count): \(means.joined(separator: " "))")
            }
        }
        if !coldStart.isEmpty {
            let sorted = coldStart.sorted()
            print(
                "cold start to first turn: \(number(sorted[sorted.count / 2], 1)) ms median of \(sorted.count) "
                    + "(min \(number(sorted[0], 1)), max \(number(sorted[sorted.count - 1], 1))), fresh database")
        }
        print(
            "checked: every message answered once and in order, the bad INN refused, every chat at "
                + "\(BenchWorkload.finalMeta.0)/\(BenchWorkload.finalMeta.1) with its request recorded")
    }
}
