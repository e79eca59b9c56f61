import BridgeCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// How a MAX Bot API call ended, in the terms the bridge acts on.
enum MaxOutcome<Value: Sendable>: Sendable {
    case success(Value)
    /// HTTP 429: wait (the `Retry-After` seconds when MAX sent them).
    case tooManyRequests(retryAfter: Double?)
    /// MAX refused the call: its HTTP status and error code.
    case rejected(status: Int, code: String, message: String)
    /// No answer worth trusting: a network error, a timeout, a 5xx, a body that is not MAX's.
    case unavailable(reason: String)
}

/// A blocking client of the MAX Bot API: the token in the `Authorization` header, JSON bodies.
/// https://dev.max.ru/docs-api
struct MaxAPIClient: Sendable {
    private let base: String
    private let token: String
    private let http = BlockingHTTP()

    /// The update kinds the bridge asks for.
    static let updateTypes = "message_created,message_callback,bot_started"

    init(base: String, token: String) {
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.base = trimmed
        self.token = token
    }

    /// Long-polls `GET /updates` from `marker` (nil: none yet), waiting up to `timeout` seconds on MAX's side.
    func getUpdates(marker: Int64?, timeout: Int, slack: TimeInterval) -> MaxOutcome<MaxUpdateList> {
        var query = [("limit", "100"), ("timeout", String(timeout)), ("types", Self.updateTypes)]
        if let marker { query.append(("marker", String(marker))) }
        return call("GET", "/updates", query: query, body: nil, timeout: TimeInterval(timeout) + slack)
    }

    /// Makes one queued call.
    func perform(_ maxCall: MaxCall, timeout: TimeInterval) -> MaxOutcome<SendOutcome> {
        let request = maxCall.request()
        return call(request.method, request.path, query: request.query, body: request.body, timeout: timeout)
    }

    /// What a send, delete or answer returned: `{"message": …}` or `{"success": …, "message": "…"}`.
    struct SendOutcome: Decodable, Sendable {
        var isRefused: Bool
        var reason: String?

        private enum CodingKeys: String, CodingKey {
            case success, message
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            isRefused = (try? container.decodeIfPresent(Bool.self, forKey: .success)) == false
            reason = try? container.decodeIfPresent(String.self, forKey: .message)
        }
    }

    private func call<Value: Decodable & Sendable>(
        _ method: String, _ path: String, query: [(String, String)], body: Data?, timeout: TimeInterval
    ) -> MaxOutcome<Value> {
        guard var components = URLComponents(string: base + path) else {
            return .rejected(status: 0, code: "bad.base", message: "the API base is not a URL")
        }
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        // `+` is a space in a query to most servers: spell it out.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        guard let url = components.url else {
            return .rejected(status: 0, code: "bad.base", message: "the API base is not a URL")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue(token, forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        switch http.exchange(request, timeout: timeout) {
        case .unavailable(let reason):
            return .unavailable(reason: reason)
        case .answered(let status, let data, let retryAfter):
            if status == 200, let value = try? JSONDecoder().decode(Value.self, from: data) { return .success(value) }
            if status == 429 { return .tooManyRequests(retryAfter: retryAfter) }
            let error = try? JSONDecoder().decode(MaxError.self, from: data)
            if status >= 500 || status == 200 || error == nil { return .unavailable(reason: "HTTP \(status)") }
            return .rejected(status: status, code: error?.code ?? "", message: error?.message ?? "")
        }
    }
}
