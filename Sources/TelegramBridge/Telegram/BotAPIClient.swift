import BridgeCore
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

/// A blocking Bot API client: `POST {api-base}/bot{token}/{method}` with a JSON body.
///
/// The token is part of every URL, so nothing here ever puts a URL or a request into a message: failures are
/// described by their code only.
struct BotAPIClient: Sendable {
    private let base: String
    private let token: String
    private let http = BlockingHTTP()

    /// A client of the Bot API at `base` (`https://api.telegram.org` or a self-hosted server).
    init(base: String, token: String) {
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.base = trimmed
        self.token = token
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
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let status: Int
        let data: Data
        switch http.exchange(request, timeout: timeout) {
        case .unavailable(let reason): return .unavailable(reason: reason)
        case .answered(let code, let body, _): (status, data) = (code, body)
        }
        let decoded = try? JSONDecoder().decode(TelegramResponse<Value>.self, from: data)
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
