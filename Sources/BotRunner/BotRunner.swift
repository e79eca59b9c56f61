import BotCore
import Foundation

/// `botrunner`: the terminal chat, the line protocol server, scripted tests, admin and bench.
@main
enum BotRunner {
    static let usage = """
        usage: botrunner [chat] [--chat ID] [--demo] [--record FILE]     interactive terminal chat
               botrunner serve [--stdio] [--listen [HOST:]PORT] [--unix PATH] [--token-file F]
                               [--queue N] [--batch N] [--output-limit BYTES] [--stats-interval S]
                               [--hello-timeout S] [--max-connections N] [--max-unauthenticated N]
                               [--session-retention DAYS] [--log-personal-data]   the line protocol
               botrunner test PATH... [--jobs N]                        run scripted dialogues
               botrunner admin add-org|add-account|import-users|import-mail ...
               botrunner admin migrate-to-postgres --from FILE.sqlite --to postgres://...
               botrunner bench [--chats N] [--window N] [--connections N] [--mode M] [--rate R]
                               [--db postgres://...] [--processes N] [--by-turn]
        common options: --db PATH|postgres://...  --outbox DIR  --inbox DIR  --lang ru|en  --now ISO8601
                        --durability full|normal
        """

    static func main() {
        var words = Array(CommandLine.arguments.dropFirst())
        let command = words.first.flatMap { $0.hasPrefix("-") ? nil : $0 } ?? "chat"
        if !words.isEmpty && !words[0].hasPrefix("-") { words.removeFirst() }
        signal(SIGPIPE, SIG_IGN)
        ProcessSetup.restrictFileModes()
        do {
            let status: Int32
            switch command {
            case "chat": status = try ChatCommand.run(words)
            case "serve": status = try ServeCommand.run(words)
            case "admin": status = try AdminCommand.run(words)
            case "test": status = try TestCommand.run(words)
            case "bench": status = try BenchCommand.run(words)
            case "help", "--help", "-h":
                print(usage)
                status = 0
            default:
                throw UsageError("unknown command \(command)\n\(usage)")
            }
            exit(status)
        } catch let error as UsageError {
            printError("botrunner: \(error.description)")
            exit(2)
        } catch {
            printError("botrunner: \(error)")
            exit(1)
        }
    }
}
