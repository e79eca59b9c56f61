/// The web channel's address, key, bounds and pages (`serve --http`); see docs/web.md.
public struct WebOptions: Sendable {
    /// Where to listen.
    public var address: ListenAddress
    /// Signs the cookies and derives the CSRF tokens.
    public var key: WebKey
    /// Cookies get `Secure` (behind a TLS proxy); a request with `X-Forwarded-Proto: https` gets it anyway.
    public var secureCookies = false
    /// HTTP connections open at once at most; one more is answered 503 and closed.
    public var maxConnections = 512
    /// API requests one client address may make per second (the burst is three times as many).
    public var ratePerSecond = 10.0
    /// Who may frame the pages (`frame-ancestors`): the platform's site, for the embedded widget.
    public var frameAncestors = "'self'"
    /// The pages, scripts and styles, by path.
    public var pages: [String: WebPage] = [:]

    public init(address: ListenAddress, key: WebKey) {
        self.address = address
        self.key = key
    }
}

/// A file the web channel serves as it is.
public struct WebPage: Sendable {
    /// Which chat cookie a visit to the page makes when the browser has none.
    public enum Cookie: Sendable {
        case none, widget, console
    }

    public var contentType: String
    public var body: [UInt8]
    public var cookie: Cookie

    public init(contentType: String, body: String, cookie: Cookie = .none) {
        self.contentType = contentType
        self.body = Array(body.utf8)
        self.cookie = cookie
    }
}

/// The two kinds of browser chat: the widget's person, and the support console's agent.
enum WebChatKind {
    case widget, console

    var cookieName: String { self == .widget ? "bot_chat" : "bot_agent" }
    var chatPrefix: String { self == .widget ? "web:" : "webagent:" }
}
