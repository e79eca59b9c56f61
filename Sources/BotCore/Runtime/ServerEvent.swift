/// What a transport hands to the turn writer, in arrival order.
public enum ServerEvent: Sendable {
    /// A chat message to answer.
    case job(Job)
    /// A ping to answer with a pong.
    case ping(connection: Int, id: String?)
    /// A line that was refused; the error goes back in order with the other answers.
    case refused(connection: Int, WireError)
}

/// Connections and the chats they carried, for routing pushes.
public final class RouteTable: ChatRoutes {
    private var chats: [String: [Int]] = [:]
    private var open: Set<Int> = []

    public init() {}

    public func opened(_ connection: Int) { open.insert(connection) }

    public func closed(_ connection: Int) {
        open.remove(connection)
        for (chat, connections) in chats where connections.contains(connection) {
            let rest = connections.filter { $0 != connection }
            chats[chat] = rest.isEmpty ? nil : rest
        }
    }

    public func connections(carrying chat: String) -> [Int] {
        (chats[chat] ?? []).filter { open.contains($0) }
    }

    public func noteCarried(chat: String, on connection: Int) {
        var list = chats[chat] ?? []
        if list.first == connection { return }
        list.removeAll { $0 == connection }
        list.insert(connection, at: 0)  // the most recent first
        chats[chat] = list
    }
}

extension TurnProcessor {
    /// Handles a batch of events: messages in one transaction, pings and refusals in their place.
    public func handle(_ events: [ServerEvent], routes: ChatRoutes) -> [Delivery] {
        let jobs = events.compactMap { event -> Job? in
            if case .job(let job) = event { return job }
            return nil
        }
        let result = jobs.isEmpty ? BatchResult(replies: [], pushes: []) : process(jobs, routes: routes)
        var deliveries: [Delivery] = []
        var next = 0
        for event in events {
            switch event {
            case .job:
                deliveries.append(contentsOf: result.replies[next])
                next += 1
            case .ping(let connection, let id):
                deliveries.append(Delivery(connection: connection, bytes: WireCodec.encodePong(id: id)))
            case .refused(let connection, let error):
                deliveries.append(Delivery(connection: connection, bytes: WireCodec.encodeError(error)))
            }
        }
        return deliveries + result.pushes
    }
}
