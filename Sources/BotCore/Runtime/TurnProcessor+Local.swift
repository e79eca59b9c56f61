extension TurnProcessor {
    /// Sends one message in-process, as a connection would, and returns the decoded lines written back
    /// (to every connection: the message's turn and pushes to other chats).
    ///
    /// For the terminal and scripts.
    public func exchange(_ message: ChatMessage, connection: Int = 0, routes: ChatRoutes) -> [(Int, ServerLine)] {
        let deliveries = handle([.job(Job(connection: connection, message: message))], routes: routes)
        return deliveries.compactMap { delivery in
            ServerLine.decode(Array(delivery.bytes.dropLast())).map { (delivery.connection, $0) }
        }
    }
}
