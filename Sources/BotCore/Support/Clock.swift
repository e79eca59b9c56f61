import Foundation
import Synchronization

/// The time source every component reads; injected so tests and demos can pin and move it.
///
/// A clock pinned with `--now` starts at that instant and then runs on with real time;
/// scripted dialogues may also move it forward with `advance(by:)`.
public final class Clock: Sendable {
    private struct State {
        var offset: TimeInterval
        var frozen: Date?
    }

    private let state: Mutex<State>
    /// The time zone dates are shown and counted in (default Europe/Moscow).
    public let timeZone: TimeZone

    /// The default time zone of the project.
    public static let moscow = TimeZone(identifier: "Europe/Moscow") ?? TimeZone(secondsFromGMT: 3 * 3600)!

    /// A clock that reads real time, or starts at `start` and runs on from there.
    public init(start: Date? = nil, timeZone: TimeZone = Clock.moscow) {
        let offset = start.map { $0.timeIntervalSinceNow } ?? 0
        self.state = Mutex(State(offset: offset, frozen: nil))
        self.timeZone = timeZone
    }

    /// A clock that stands still at `instant` until moved: for tests.
    public static func frozen(at instant: Date, timeZone: TimeZone = Clock.moscow) -> Clock {
        let clock = Clock(timeZone: timeZone)
        clock.state.withLock { $0.frozen = instant }
        return clock
    }

    /// The current instant.
    public func now() -> Date {
        state.withLock { state in
            state.frozen ?? Date().addingTimeInterval(state.offset)
        }
    }

    /// Moves the clock forward (or back, with a negative interval).
    public func advance(by interval: TimeInterval) {
        state.withLock { state in
            if let frozen = state.frozen {
                state.frozen = frozen.addingTimeInterval(interval)
            } else {
                state.offset += interval
            }
        }
    }

    /// Sets the clock to `instant`, keeping whether it runs or stands still.
    public func set(_ instant: Date) {
        state.withLock { state in
            if state.frozen != nil {
                state.frozen = instant
            } else {
                state.offset = instant.timeIntervalSinceNow
            }
        }
    }

    /// Parses an ISO 8601 instant (`2026-04-30T10:00:00+03:00`, `2026-04-30T10:00:00Z`, or
    /// `2026-04-30T10:00` / `2026-04-30` read in `timeZone`).
    public static func parseInstant(_ text: String, timeZone: TimeZone = Clock.moscow) -> Date? {
        let full = ISO8601DateFormatter()
        full.formatOptions = [.withInternetDateTime]
        if let date = full.date(from: text) { return date }
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = full.date(from: text) { return date }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = timeZone
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
            local.dateFormat = format
            if let date = local.date(from: text) { return date }
        }
        return nil
    }
}
