import CPostgres
import Foundation
import Synchronization

/// Hears, on a PostgreSQL connection of its own, which chats other processes queued pushes for (`LISTEN`), so
/// that a chat carried by a connection of this process gets them at once rather than at its next message.
///
/// A lost connection is made again (every few seconds until it works); what was announced meanwhile still waits
/// in the database and goes out with the chat's next turn, as every queued push does.
final class PushListener: Sendable {
    /// The notification channel (`pg_notify(channel, chat)` when a push is queued).
    static let channel = "botrunner_push"

    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts listening on the server `location` names; `heard` runs on the listener's thread with each chat.
    init(
        location: DatabaseLocation, log: @escaping @Sendable (String) -> Void,
        heard: @escaping @Sendable (String) -> Void
    ) {
        let thread = Thread { [self] in
            defer { finished.signal() }
            var failures = 0
            while !stopped.load(ordering: .relaxed) {
                do {
                    let session = try PostgresSession(conninfo: location.conninfo)
                    try session.execute("LISTEN \(Self.channel)")
                    if failures > 0 { log("push listener: connected again") }
                    failures = 0
                    listen(on: session, heard: heard)
                } catch {
                    if failures == 0 { log("push listener: \(error); trying again") }
                    failures += 1
                }
                // Lost or not made: try again after a pause (cut short by stop).
                for _ in 0..<20 where !stopped.load(ordering: .relaxed) { Thread.sleep(forTimeInterval: 0.1) }
            }
        }
        thread.name = "push-listener"
        thread.start()
    }

    /// Reads notifications until the connection is lost or the listener stops.
    private func listen(on session: PostgresSession, heard: (String) -> Void) {
        let handle = session.handle
        while !stopped.load(ordering: .relaxed) {
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 200)
            if ready < 0 && errno != EINTR { return }
            guard ready > 0 else { continue }
            guard PQconsumeInput(handle) == 1 else { return }  // the connection is gone
            while let notification = PQnotifies(handle) {
                heard(String(cString: notification.pointee.extra))
                PQfreemem(notification)
            }
        }
    }

    /// Stops the thread and waits for it to close its connection.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        finished.wait()
    }
}
