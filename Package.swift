// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "SchoolCabinetBot",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "botrunner", targets: ["BotRunner"]),
        .executable(name: "telegram-bridge", targets: ["TelegramBridge"]),
        .executable(name: "max-bridge", targets: ["MaxBridge"]),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypt", providers: [.apt(["libcrypt-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(name: "BotCore", dependencies: ["CSQLite", "COpenSSL", "CPostgres"]),
        .target(name: "WebUI"),
        .target(name: "Cabinet", dependencies: ["BotCore", "CCrypt"]),
        .target(name: "Dialogs", dependencies: ["BotCore", "Cabinet"]),
        .executableTarget(name: "BotRunner", dependencies: ["BotCore", "Cabinet", "Dialogs", "WebUI"]),
        .target(name: "BridgeCore", dependencies: ["BotCore"]),
        .executableTarget(name: "TelegramBridge", dependencies: ["BotCore", "BridgeCore"]),
        .executableTarget(name: "MaxBridge", dependencies: ["BotCore", "BridgeCore"]),
        .target(name: "BridgeTestSupport", dependencies: ["BotCore"], path: "Tests/BridgeTestSupport"),
        .target(name: "PostgresTestSupport", path: "Tests/PostgresTestSupport"),
        .testTarget(name: "BotCoreTests", dependencies: ["BotCore", "BridgeTestSupport", "PostgresTestSupport"]),
        .testTarget(name: "CabinetTests", dependencies: ["Cabinet", "PostgresTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "DialogsTests", dependencies: ["Dialogs", "PostgresTestSupport"], exclude: ["Dialogues", "Fixtures"]),
        .testTarget(name: "BotRunnerTests", dependencies: ["BotRunner", "BridgeTestSupport", "PostgresTestSupport"]),
        .testTarget(name: "BridgeCoreTests", dependencies: ["BridgeCore", "BotCore"]),
        .testTarget(
            name: "TelegramBridgeTests", dependencies: ["TelegramBridge", "BridgeCore", "BotCore", "BridgeTestSupport"]),
        .testTarget(name: "MaxBridgeTests", dependencies: ["MaxBridge", "BridgeCore", "BotCore", "BridgeTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
