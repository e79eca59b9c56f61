import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// The web channel in a real browser: `Tests/Browser/web_test.py` drives headless Chromium through the widget and
/// the support console of `botrunner serve --http` (scenarios and screenshots: that script's header).
final class BrowserTests: XCTestCase {
    static let python = "/usr/bin/python3"
    static let chromium = "/usr/bin/chromium"
    static let chromedriver = "/usr/bin/chromedriver"
    static let install = "apt-get install -y chromium chromium-driver python3-selenium"
    static let timeout: TimeInterval = 300

    /// The package's root folder: this file is `<root>/Tests/BotRunnerTests/BrowserTests.swift`.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    func testWidgetAndConsoleInARealBrowser() throws {
        let files = FileManager.default
        for tool in [Self.python, Self.chromium, Self.chromedriver] where !files.isExecutableFile(atPath: tool) {
            XCTFail("\(tool) is missing: the browser tests need it. Run `\(Self.install)`.")
            return
        }
        let selenium = try run(Self.python, ["-c", "import selenium.webdriver"], timeout: 60)
        guard selenium.status == 0 else {
            XCTFail(
                "\(Self.python) cannot import selenium: the browser tests need it. Run `\(Self.install)`.\n"
                    + selenium.output)
            return
        }
        let botrunner = BotProcess.executable
        XCTAssertTrue(files.isExecutableFile(atPath: botrunner.path), "no built botrunner at \(botrunner.path)")

        let root = Self.packageRoot
        let script = root.appendingPathComponent("Tests/Browser/web_test.py").path
        let screenshots = root.appendingPathComponent(".build/screenshots").path
        let result = try run(
            Self.python, [script, "--botrunner", botrunner.path, "--out", screenshots], timeout: Self.timeout)
        if result.timedOut {
            XCTFail("web_test.py did not finish within \(Int(Self.timeout)) s and was stopped:\n\(result.output)")
        } else if result.status != 0 {
            XCTFail("web_test.py exited with status \(result.status):\n\(result.output)")
        } else {
            XCTAssertTrue(
                result.output.contains(" passed, 0 failed"),
                "web_test.py exited 0 without its summary:\n\(result.output)")
        }
    }

    struct Finished {
        var status: Int32
        var output: String
        var timedOut: Bool
    }

    /// Runs a program to the end (SIGTERM at `timeout`, SIGKILL 10 s later), its standard output and error
    /// going to files (a pipe could fill up and stall it); returns both, standard error after standard output.
    private func run(_ program: String, _ arguments: [String], timeout: TimeInterval) throws -> Finished {
        let folder = BotProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout")
        let err = folder.appendingPathComponent("stderr")
        for file in [out, err] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = Self.packageRoot
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        var timedOut = false
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            timedOut = true
            process.terminate()  // SIGTERM: the script stops its server and browsers on the way out
            let grace = Date().addingTimeInterval(10)
            while process.isRunning && Date() < grace { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        let stdout = String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self)
        let output = stderr.isEmpty ? stdout : stdout + "\n--- stderr ---\n" + stderr
        return Finished(status: process.terminationStatus, output: output, timedOut: timedOut)
    }
}
