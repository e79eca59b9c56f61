/// What a transport hands to the turn writer, in arrival order.
public enum ServerEvent: Sendable {
    /// A chat message to answer.
    case job(Job)
    /// A ping to answer with a pong.
    case ping(connection: Int, id: String?)
    /// A line that was refused; the error goes back in order with the other answers.
    case refused(connection: Int, WireError)
    /// A console's request, answered by the application in the batch's transaction.
    case request(AppRequest)
    /// A connection now carries `chat` (a browser's event stream): pushes that waited for the chat in the
    /// database are delivered to it, in order, and later ones routed there.
    case attach(connection: Int, chat: String)
    /// Another process queued pushes for `chat` (PostgreSQL's `NOTIFY`), which a connection here carries: they
    /// are delivered to it, in order. Answers no event of any connection.
    case wake(chat: String)
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
        // A connection never opened here (a browser's request) carries no pushes: they wait, or go to its stream.
        guard open.contains(connection) else { return }
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
        let work = events.compactMap { event -> Work? in
            switch event {
            case .job(let job): .job(job)
            case .request(let request): .request(request)
            case .attach(let connection, let chat): .attach(connection: connection, chat: chat)
            case .wake(let chat): .wake(chat: chat)
            case .ping, .refused: nil
            }
        }
        let result = work.isEmpty ? BatchResult(replies: [], pushes: []) : process(work, routes: routes)
        var deliveries: [Delivery] = []
        var next = 0
        for event in events {
            switch event {
            case .job, .request, .attach, .wake:
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
