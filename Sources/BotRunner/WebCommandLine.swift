import BotCore
import Foundation
import WebUI

/// `serve --http` and its options: the web channel's address, key, limits and pages (docs/web.md).
enum WebCommandLine {
    static let names = [
        "http", "http-secret-file", "http-secure-cookies", "http-max-connections", "http-rate", "http-frame-ancestors",
    ]

    /// The web channel's options, or nil without `--http`.
    static func options(_ arguments: Arguments, database: DatabaseLocation) throws -> WebOptions? {
        guard let text = arguments.value("http") else { return nil }
        let address: ListenAddress
        do {
            address = try ListenAddress.parseTCP(text)
        } catch {
            throw UsageError("--http: \(error)")
        }
        let key: WebKey
        do {
            if let path = arguments.value("http-secret-file") {
                key = try WebKey.load(from: path)
            } else if let databasePath = database.filePath {
                let folder = URL(fileURLWithPath: databasePath).deletingLastPathComponent().path
                key = try WebKey.loadOrCreate(at: (folder as NSString).appendingPathComponent("http-secret"))
            } else {
                // Every process must sign and check cookies with the same key: one made here would be this one's.
                throw UsageError("with PostgreSQL it is required: the same file for every process")
            }
        } catch {
            throw UsageError("--http-secret-file: \(error)")
        }
        var options = WebOptions(address: address, key: key)
        options.secureCookies = arguments.has("http-secure-cookies")
        if let text = arguments.value("http-max-connections") {
            guard let count = Int(text), count > 0 else { throw UsageError("--http-max-connections takes a number") }
            options.maxConnections = count
        }
        if let text = arguments.value("http-rate") {
            guard let rate = Double(text), rate > 0 else { throw UsageError("--http-rate takes requests per second") }
            options.ratePerSecond = rate
        }
        if let origins = arguments.value("http-frame-ancestors") {
            guard !origins.contains(";"), !origins.contains("\n") else {
                throw UsageError("--http-frame-ancestors takes origins separated by spaces")
            }
            options.frameAncestors = origins
        }
        options.pages = pages
        return options
    }

    static let pages: [String: WebPage] = [
        "/": WebPage(contentType: "text/html; charset=utf-8", body: WebAssets.widgetHTML, cookie: .widget),
        "/widget.js": WebPage(contentType: "text/javascript; charset=utf-8", body: WebAssets.widgetJS),
        "/widget.css": WebPage(contentType: "text/css; charset=utf-8", body: WebAssets.widgetCSS),
        "/embed.js": WebPage(contentType: "text/javascript; charset=utf-8", body: WebAssets.embedJS),
        "/agent": WebPage(contentType: "text/html; charset=utf-8", body: WebAssets.consoleHTML, cookie: .console),
        "/agent.js": WebPage(contentType: "text/javascript; charset=utf-8", body: WebAssets.consoleJS),
        "/agent.css": WebPage(contentType: "text/css; charset=utf-8", body: WebAssets.consoleCSS),
    ]
}
