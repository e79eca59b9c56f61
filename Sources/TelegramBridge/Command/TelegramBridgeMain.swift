import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `telegram-bridge`: carries a Telegram bot over the line protocol to `botrunner serve`.
@main
enum TelegramBridgeMain {
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        let words = Array(CommandLine.arguments.dropFirst())
        if words.contains("--help") || words.contains("-h") {
            print(BridgeOptions.usage)
            exit(0)
        }
        let log: @Sendable (String) -> Void = { printError("telegram-bridge: \($0)") }
        do {
            let options = try BridgeOptions.parse(words)
            let botToken = try BridgeOptions.readBotToken(options.botTokenFile)
            let bridgeToken = try options.bridgeTokenFile.map { path throws(UsageError) in
                try BridgeOptions.readBridgeToken(path)
            }
            let bridge = try Bridge(
                options: options, botToken: botToken, bridgeToken: bridgeToken, log: log,
                fail: { reason in
                    log(reason)
                    exit(1)
                })
            try SignalWatcher.install { signal in
                log("\(signal == SIGINT ? "SIGINT" : "SIGTERM"): finishing the calls under way")
                bridge.stop()
                exit(0)
            }
            log("bridging Telegram (\(options.apiBase)) and the bot at \(options.connect)")
            bridge.run()
        } catch let error as UsageError {
            printError("telegram-bridge: \(error.description)\n\(BridgeOptions.usage)")
            exit(2)
        } catch {
            printError("telegram-bridge: \(error)")
            exit(1)
        }
    }
}

/// Writes a line to standard error, where every log line of the bridge goes.
func printError(_ text: String) {
    StandardError.writeLine(text)
}
