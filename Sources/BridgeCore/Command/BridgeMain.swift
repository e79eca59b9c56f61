import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The `main` every bridge program shares: options, tokens, the state file, signals, then the bridge.
public enum BridgeMain {
    /// Runs the bridge for `program` with the messenger `makeMessenger` builds; never returns.
    ///
    /// `makeMessenger` gets the options and the bot token. Exit status 2 for a bad command line, 1 when the
    /// bridge cannot run, 0 on a signal.
    public static func run<M: Messenger>(
        _ program: BridgeProgram, makeMessenger: (BridgeOptions, String) -> M
    ) -> Never {
        signal(SIGPIPE, SIG_IGN)
        let words = Array(CommandLine.arguments.dropFirst())
        if words.contains("--help") || words.contains("-h") {
            print(program.usage)
            exit(0)
        }
        let name = program.name
        let log: @Sendable (String) -> Void = { StandardError.writeLine("\(name): \($0)") }
        do {
            let options = try BridgeOptions.parse(words, for: program)
            let botToken = try BridgeOptions.readBotToken(options.botTokenFile)
            let bridgeToken = try options.bridgeTokenFile.map { path throws(UsageError) in
                try BridgeOptions.readBridgeToken(path)
            }
            let bridge = try Bridge(
                options: options, messenger: makeMessenger(options, botToken), bridgeToken: bridgeToken, log: log,
                fail: { reason in
                    log(reason)
                    exit(1)
                })
            try SignalWatcher.install { signal in
                log("\(signal == SIGINT ? "SIGINT" : "SIGTERM"): finishing the calls under way")
                bridge.stop()
                exit(0)
            }
            log("bridging \(program.messenger) (\(options.apiBase)) and the bot at \(options.connect)")
            bridge.run()
            exit(1)
        } catch let error as UsageError {
            StandardError.writeLine("\(name): \(error.description)\n\(program.usage)")
            exit(2)
        } catch {
            StandardError.writeLine("\(name): \(error)")
            exit(1)
        }
    }
}
