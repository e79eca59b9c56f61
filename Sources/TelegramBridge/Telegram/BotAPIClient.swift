import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// How a Bot API call ended, in the terms the bridge acts on.
enum BotAPIOutcome<Value>: Sendable where Value: Sendable {
    /// Telegram accepted the call.
    case success(Value)
    /// HTTP 429: wait this many seconds, then try again (`parameters.retry_after`).
    case retryAfter(seconds: Int)
    /// Telegram refused the call (400, 401, 403, 404, 409…): trying again as is will not help; `movedTo`
    /// when the chat became a supergroup.
    case rejected(code: Int, description: String, movedTo: Int64? = nil)
    /// No answer worth trusting: a network error, a timeout, a 5xx, a body that is not the Bot API's.
    case unavailable(reason: String)
}

/// A blocking Bot API client over URLSession: `POST {api-base}/bot{token}/{method}` with a JSON body.
///
/// The token is part of every URL, so nothing here ever puts a URL, a request or a `URLError`'s text into a
/// message: failures are described by their code only.
struct BotAPIClient: Sendable {
    private let base: String
    private let token: String
    private let session: URLSession

    /// A client of the Bot API at `base` (`https://api.telegram.org` or a self-hosted server).
    init(base: String, token: String) {
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.base = trimmed
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 8
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        self.session = URLSession(configuration: configuration)
    }

    /// Long-polls for updates from `offset` on, waiting up to `timeout` seconds on Telegram's side.
    func getUpdates(offset: Int64, timeout: Int, slack: TimeInterval) -> BotAPIOutcome<[TelegramUpdate]> {
        let request = GetUpdatesRequest(offset: offset, timeout: timeout)
        let body = (try? JSONEncoder().encode(request)) ?? Data()
        return call("getUpdates", body: body, timeout: TimeInterval(timeout) + slack, as: [TelegramUpdate].self)
    }

    /// Makes one queued call (`sendMessage` or `deleteMessage`).
    func perform(_ telegramCall: TelegramCall, timeout: TimeInterval) -> BotAPIOutcome<Ignored> {
        call(telegramCall.method.rawValue, body: telegramCall.requestBody(), timeout: timeout, as: Ignored.self)
    }

    /// Removes the bot's webhook, so that `getUpdates` works. https://core.telegram.org/bots/api#deletewebhook
    func deleteWebhook(timeout: TimeInterval) -> BotAPIOutcome<Ignored> {
        call("deleteWebhook", body: Data("{}".utf8), timeout: timeout, as: Ignored.self)
    }

    /// Any `result` at all: the bridge needs only to know a call succeeded.
    struct Ignored: Decodable, Sendable {
        init(from decoder: any Decoder) throws {}
    }

    private func call<Value: Decodable & Sendable>(
        _ method: String, body: Data, timeout: TimeInterval, as type: Value.Type
    ) -> BotAPIOutcome<Value> {
        guard let url = URL(string: "\(base)/bot\(token)/\(method)") else {
            return .rejected(code: 0, description: "the API base is not a URL")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let exchange = Exchange()
        let task = session.dataTask(with: request) { data, response, error in
            exchange.finish(data: data, status: (response as? HTTPURLResponse)?.statusCode, error: error)
        }
        task.resume()
        // Our own deadline as well as URLSession's: a stalled connection must not hold the bridge for ever.
        guard let (data, status, error) = exchange.wait(seconds: timeout) else {
            task.cancel()
            return .unavailable(reason: "timed out")
        }
        if let error {
            let code = (error as? URLError)?.code.rawValue ?? -1
            return .unavailable(reason: code == URLError.timedOut.rawValue ? "timed out" : "network error \(code)")
        }
        guard let status else { return .unavailable(reason: "no HTTP response") }
        let decoded = data.flatMap { try? JSONDecoder().decode(TelegramResponse<Value>.self, from: $0) }
        if let decoded, decoded.ok, let result = decoded.result, (200..<300).contains(status) {
            return .success(result)
        }
        let code = decoded?.errorCode ?? status
        let description = decoded?.description ?? "HTTP \(status)"
        if code == 429 || status == 429 {
            return .retryAfter(seconds: max(1, decoded?.parameters?.retryAfter ?? 1))
        }
        if status >= 500 || decoded == nil {
            return .unavailable(reason: "HTTP \(status)")
        }
        return .rejected(code: code, description: description, movedTo: decoded?.parameters?.migrateToChatID)
    }
}

/// The answer of one request, handed from URLSession's delegate queue to the waiting thread.
///
/// `@unchecked Sendable`: the fields are guarded by `lock` (a late answer may arrive after the waiter gave up).
private final class Exchange: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var data: Data?
    private var status: Int?
    private var error: (any Error)?

    func finish(data: Data?, status: Int?, error: (any Error)?) {
        lock.withLock {
            self.data = data
            self.status = status
            self.error = error
        }
        done.signal()
    }

    /// The answer; nil when none came within `seconds`.
    func wait(seconds: TimeInterval) -> (Data?, Int?, (any Error)?)? {
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return lock.withLock { (data, status, error) }
    }
}
