import BridgeCore

/// `telegram-bridge`: carries a Telegram bot over the line protocol to `botrunner serve`.
@main
enum TelegramBridgeMain {
    static func main() {
        BridgeMain.run(.telegram) { options, token in TelegramMessenger(options: options, token: token) }
    }
}
