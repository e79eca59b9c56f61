import BridgeCore

/// `max-bridge`: carries a MAX bot over the line protocol to `botrunner serve`.
@main
enum MaxBridgeMain {
    static func main() {
        BridgeMain.run(.max) { options, token in MaxMessenger(options: options, token: token) }
    }
}
