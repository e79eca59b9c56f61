/// The browsers' event streams of each web chat, and the last pushes of each, so that a stream that comes back
/// with `Last-Event-ID` misses nothing.
///
/// A hub stands for its chat in the route table under a connection id of its own while at least one stream is
/// open; a push reaches the hub once however many tabs show the chat, and each tab gets it with the same id.
final class EventHubs {
    struct Event {
        var id: Int
        var data: [UInt8]
    }

    final class Hub {
        let chat: String
        /// The hub's connection id in the route table.
        let connection: Int
        var streams: Set<Int> = []
        var recent: [Event] = []
        /// When the last stream closed (monotonic nanoseconds), to forget quiet hubs.
        var idleSince: UInt64 = 0

        init(chat: String, connection: Int) {
            self.chat = chat
            self.connection = connection
        }
    }

    /// Pushes kept per chat for replay.
    static let kept = 64
    /// Event ids are `<boot>-<n>`: an id from before a restart is recognised as such and everything kept is sent.
    let boot = WebKey.randomHex(bytes: 4)
    private var nextEvent = 1
    private(set) var byChat: [String: Hub] = [:]
    private(set) var byConnection: [Int: Hub] = [:]
    private var nextConnection: Int

    init(firstConnection: Int) {
        self.nextConnection = firstConnection
    }

    /// The chat's hub, made when missing.
    func hub(for chat: String) -> Hub {
        if let hub = byChat[chat] { return hub }
        let hub = Hub(chat: chat, connection: nextConnection)
        nextConnection += 1
        byChat[chat] = hub
        byConnection[hub.connection] = hub
        return hub
    }

    /// Adds a push to the chat's kept events; returns the event to send to its open streams.
    func publish(_ data: [UInt8], to hub: Hub) -> Event {
        let event = Event(id: nextEvent, data: data)
        nextEvent += 1
        hub.recent.append(event)
        if hub.recent.count > Self.kept { hub.recent.removeFirst(hub.recent.count - Self.kept) }
        return event
    }

    /// The kept events after `lastEventID` (all of them for an id of another boot or none).
    func replay(_ hub: Hub, after lastEventID: String?) -> [Event] {
        guard let lastEventID, !lastEventID.isEmpty else { return hub.recent }
        let parts = lastEventID.split(separator: "-")
        guard parts.count == 2, parts[0] == boot, let seen = Int(parts[1]) else { return hub.recent }
        return hub.recent.filter { $0.id > seen }
    }

    func eventID(_ event: Event) -> String { "\(boot)-\(event.id)" }

    /// Forgets hubs with no stream for `quiet` nanoseconds (their pushes then wait in the database).
    func forgetQuiet(now: UInt64, quiet: UInt64) {
        for (chat, hub) in byChat where hub.streams.isEmpty && now.since(hub.idleSince) > quiet {
            byChat[chat] = nil
            byConnection[hub.connection] = nil
        }
    }
}
