// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "SchoolCabinetBot",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "botrunner", targets: ["BotRunner"])
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypt", providers: [.apt(["libcrypt-dev"])]),
        .target(name: "BotCore", dependencies: ["CSQLite"]),
        .target(name: "Cabinet", dependencies: ["BotCore", "CCrypt"]),
        .target(name: "Dialogs", dependencies: ["BotCore", "Cabinet"]),
        .executableTarget(name: "BotRunner", dependencies: ["BotCore", "Cabinet", "Dialogs"]),
        .testTarget(name: "BotCoreTests", dependencies: ["BotCore"]),
        .testTarget(name: "CabinetTests", dependencies: ["Cabinet"], exclude: ["Fixtures"]),
        .testTarget(name: "DialogsTests", dependencies: ["Dialogs"], exclude: ["Dialogues", "Fixtures"]),
        .testTarget(name: "BotRunnerTests", dependencies: ["BotRunner"]),
    ],
    swiftLanguageModes: [.v6]
)
