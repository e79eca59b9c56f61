/// One item of a batch for the turn processor.
enum Work {
    case job(Job)
    case request(AppRequest)
    case attach(connection: Int, chat: String)
    /// Deliver what another process queued for `chat` to the connections carrying it here.
    case wake(chat: String)

    /// Where its answer goes; nil for a wake, whose pushes go to the connections carrying its chat.
    var connection: Int? {
        switch self {
        case .job(let job): job.connection
        case .request(let request): request.connection
        case .attach(let connection, _): connection
        case .wake: nil
        }
    }

    /// The chat it acts in, noted as carried by its connection.
    var chat: String? {
        switch self {
        case .job(let job): job.message.chat
        case .request: nil  // a console's request/response connection is not where its pushes go
        case .attach(_, let chat), .wake(let chat): chat
        }
    }

    var replyTo: String? {
        if case .job(let job) = self { return job.message.id }
        return nil
    }
}

/// What one item produced: its answer (none for an attach), the pushes that waited for its chat, new pushes.
struct Handled {
    var answer: [UInt8]?
    var queued: [(seq: Int, bytes: [UInt8])]
    var pushes: [Push]
}

extension TurnProcessor {
    /// Routes pushes: to the open connections carrying their chats, or into the database until the chat is back.
    ///
    /// A browser console's pushes only tell an open console to read its queue again; with none open they are
    /// dropped (a console reads the queue when it opens, and a console left open in a closed browser would
    /// otherwise keep every later push).
    func route(_ pushes: [Push], routes: ChatRoutes) throws -> [Delivery] {
        var deliveries: [Delivery] = []
        for push in pushes {
            let targets = routes.connections(carrying: push.chat)
            if !targets.isEmpty {
                let bytes = WireCodec.encodePush(push)
                deliveries.append(contentsOf: targets.map { Delivery(connection: $0, bytes: bytes) })
            } else if !push.chat.hasPrefix(WebChatKind.console.chatPrefix) {
                _ = try CoreStore.enqueuePush(db, push, at: clock.now())
                chatsWithPushes?.insert(push.chat)
                // Another process may carry the chat: it hears of the push when this transaction commits.
                try db.notify(PushListener.channel, push.chat)
            }
        }
        return deliveries
    }

    /// Answers a console's request through the application's handler, with a context for the request's chat.
    func answer(_ request: AppRequest) throws -> Handled {
        guard let requests else {
            return Handled(
                answer: WireCodec.encodeResult(.failure(AppRequestFailure(.notFound, "no such request"))), queued: [],
                pushes: [])
        }
        let session = try CoreStore.loadSession(db, chat: request.chat, cache: sessions)
        let context = engine.context(for: request.chat, session: session, clock: clock, environment: environment)
        do {
            let data = try requests(request, context)
            return Handled(answer: WireCodec.encodeResult(.success(data)), queued: [], pushes: context.pushes)
        } catch let failure as AppRequestFailure {
            return Handled(answer: WireCodec.encodeResult(.failure(failure)), queued: [], pushes: context.pushes)
        }
    }
}
