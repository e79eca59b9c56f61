import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// What one HTTP exchange gave: an answer with its status, or no answer worth trusting.
public enum HTTPExchangeResult: Sendable {
    /// The server answered; `retryAfter` is the `Retry-After` header in seconds, when it sent one.
    case answered(status: Int, body: Data, retryAfter: Double?)
    /// A network error or our own deadline: the reason, never a URL (it may hold a token).
    case unavailable(reason: String)
}

/// Blocking HTTP calls over URLSession, for bridge threads that wait for each call.
///
/// Nothing here ever puts a URL, a request or a `URLError`'s text into a reason: a bot token may be part of
/// the URL, so failures are described by their code only.
public struct BlockingHTTP: Sendable {
    private let session: URLSession

    public init(connectionsPerHost: Int = 8) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = connectionsPerHost
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    /// Makes the request and waits up to `timeout` seconds for its answer.
    public func exchange(_ request: URLRequest, timeout: TimeInterval) -> HTTPExchangeResult {
        var request = request
        request.timeoutInterval = timeout
        let exchange = Exchange()
        let task = session.dataTask(with: request) { data, response, error in
            exchange.finish(data: data, response: response as? HTTPURLResponse, error: error)
        }
        task.resume()
        // Our own deadline as well as URLSession's: a stalled connection must not hold the bridge for ever.
        guard let (data, response, error) = exchange.wait(seconds: timeout) else {
            task.cancel()
            return .unavailable(reason: "timed out")
        }
        if let error {
            let code = (error as? URLError)?.code.rawValue ?? -1
            return .unavailable(reason: code == URLError.timedOut.rawValue ? "timed out" : "network error \(code)")
        }
        guard let response else { return .unavailable(reason: "no HTTP response") }
        let retryAfter = (response.value(forHTTPHeaderField: "Retry-After")).flatMap(Double.init)
        return .answered(status: response.statusCode, body: data ?? Data(), retryAfter: retryAfter)
    }
}

/// The answer of one request, handed from URLSession's delegate queue to the waiting thread.
///
/// `@unchecked Sendable`: the fields are guarded by `lock` (a late answer may arrive after the waiter gave up).
private final class Exchange: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var data: Data?
    private var response: HTTPURLResponse?
    private var error: (any Error)?

    func finish(data: Data?, response: HTTPURLResponse?, error: (any Error)?) {
        lock.withLock {
            self.data = data
            self.response = response
            self.error = error
        }
        done.signal()
    }

    /// The answer; nil when none came within `seconds`.
    func wait(seconds: TimeInterval) -> (Data?, HTTPURLResponse?, (any Error)?)? {
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return lock.withLock { (data, response, error) }
    }
}
