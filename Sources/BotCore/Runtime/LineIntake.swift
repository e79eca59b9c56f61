/// Frames and decodes one connection's input into what the server acts on, numbering its lines.
///
/// Shared by standard I/O and sockets, so both refuse the same lines with the same errors.
struct LineIntake {
    /// One decoded line.
    enum Item {
        /// A message, ping or refusal for the turn writer, in order.
        case event(ServerEvent)
        /// A `hello` line (the socket server checks its token).
        case hello(token: String?)
    }

    let connection: Int
    private var framer = LineFramer(maximumLineLength: WireLimits.maximumLineBytes)
    /// Lines seen so far (blank ones included), quoted in errors.
    private(set) var lineNumber = 0

    init(connection: Int) {
        self.connection = connection
    }

    /// Bytes held for an unfinished line.
    var pendingByteCount: Int { framer.pendingByteCount }

    /// Feeds bytes; returns the complete lines decoded.
    mutating func append<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [Item] {
        items(framer.append(bytes))
    }

    /// At end of input: the last line if it had no newline.
    mutating func finish() -> [Item] {
        items(framer.finish())
    }

    private mutating func items(_ events: [LineFramer.Event]) -> [Item] {
        var items: [Item] = []
        items.reserveCapacity(events.count)
        for event in events {
            lineNumber += 1
            switch event {
            case .tooLong:
                items.append(
                    .event(
                        .refused(
                            connection: connection,
                            WireError(
                                .lineTooLong,
                                "line \(lineNumber): longer than \(WireLimits.maximumLineBytes) bytes; skipped"))))
            case .line(let bytes):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    continue  // blank lines are ignored
                }
                switch WireCodec.decode(bytes, lineNumber: lineNumber) {
                case .success(.message(let message)):
                    items.append(.event(.job(Job(connection: connection, message: message))))
                case .success(.ping(let id)):
                    items.append(.event(.ping(connection: connection, id: id)))
                case .success(.hello(let token)):
                    items.append(.hello(token: token))
                case .failure(let error):
                    items.append(.event(.refused(connection: connection, error)))
                }
            }
        }
        return items
    }
}

extension ServerEvent {
    /// The connection the event came on (its answer goes back there); nil for a wake, which came on none.
    var connection: Int? {
        switch self {
        case .job(let job): job.connection
        case .ping(let connection, _): connection
        case .refused(let connection, _): connection
        case .request(let request): request.connection
        case .attach(let connection, _): connection
        case .wake: nil
        }
    }

    /// The client's id of the line, for an error that answers it.
    var replyTo: String? {
        switch self {
        case .job(let job): job.message.id
        case .ping(_, let id): id
        case .refused(_, let error): error.replyTo
        case .request, .attach, .wake: nil
        }
    }
}
