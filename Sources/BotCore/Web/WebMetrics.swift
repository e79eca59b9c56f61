import Synchronization

/// The web channel's counters and histograms, and the Prometheus text exposition of them with the server's.
final class WebMetrics: Sendable {
    static let latencyBounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    private struct State {
        var statuses: [Int: Int] = [:]
        var errors: [String: Int] = [:]
        var latency = Histogram(bounds: WebMetrics.latencyBounds)
    }

    private let state = Mutex(State())

    func count(status: Int) { state.withLock { $0.statuses[status, default: 0] += 1 } }

    func count(error code: String) { state.withLock { $0.errors[code, default: 0] += 1 } }

    func observe(latency seconds: Double) { state.withLock { $0.latency.observe(seconds) } }

    /// The metrics in the Prometheus text format (version 0.0.4).
    func exposition(_ stats: ServerStats) -> String {
        let (statuses, webErrors, latency) = state.withLock { ($0.statuses, $0.errors, $0.latency) }
        var errors = stats.errorCounts()
        for (code, count) in webErrors { errors[code, default: 0] += count }
        var text = ""
        func metric(_ name: String, _ type: String, _ help: String) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        metric("bot_turns_total", "counter", "Chat messages handled (turns and internal errors).")
        text += "bot_turns_total \(stats.turns.load(ordering: .relaxed))\n"
        metric("bot_batches_total", "counter", "Transactions committed by the turn writer.")
        text += "bot_batches_total \(stats.batches.load(ordering: .relaxed))\n"
        metric("bot_batch_size", "histogram", "Messages per batch (group commit).")
        text += stats.batchSizes().lines(name: "bot_batch_size")
        metric("bot_queue_depth", "gauge", "Accepted lines and requests not answered yet.")
        text += "bot_queue_depth \(stats.inFlight)\n"
        metric("bot_connections", "gauge", "Line-protocol connections open (stdio counts as one).")
        text += "bot_connections \(stats.connections.load(ordering: .relaxed))\n"
        metric("bot_turn_latency_seconds", "histogram", "Web messages from arrival to answer.")
        text += latency.lines(name: "bot_turn_latency_seconds")
        metric("bot_errors_total", "counter", "Protocol errors answered, by code.")
        for code in WireErrorCode.allCases.map(\.rawValue) {
            text += "bot_errors_total{code=\"\(code)\"} \(errors[code] ?? 0)\n"
        }
        metric("bot_http_requests_total", "counter", "HTTP answers by status.")
        for status in statuses.keys.sorted() {
            text += "bot_http_requests_total{status=\"\(status)\"} \(statuses[status]!)\n"
        }
        return text
    }
}

/// A cumulative histogram with fixed bounds.
struct Histogram: Sendable {
    let bounds: [Double]
    private(set) var counts: [Int]
    private(set) var sum = 0.0
    private(set) var total = 0

    init(bounds: [Double]) {
        self.bounds = bounds
        self.counts = Array(repeating: 0, count: bounds.count)
    }

    mutating func observe(_ value: Double) {
        if let index = bounds.firstIndex(where: { value <= $0 }) { counts[index] += 1 }
        sum += value
        total += 1
    }

    /// The `_bucket`, `_sum` and `_count` lines.
    func lines(name: String) -> String {
        var text = ""
        var running = 0
        for (bound, count) in zip(bounds, counts) {
            running += count
            let label = bound == bound.rounded() ? String(Int(bound)) : String(bound)
            text += "\(name)_bucket{le=\"\(label)\"} \(running)\n"
        }
        text += "\(name)_bucket{le=\"+Inf\"} \(total)\n\(name)_sum \(sum)\n\(name)_count \(total)\n"
        return text
    }
}
