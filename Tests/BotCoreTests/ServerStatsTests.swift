import Testing

@testable import BotCore

/// The summary line's counts: a pass of the writer that answered only error lines or pings is not a batch.
@Test func errorOnlyPassesAreNotCountedAsBatches() {
    let stats = ServerStats()
    stats.recordBatch(events: 3, turns: 0, nanoseconds: 1_000)
    stats.recordBatch(events: 5, turns: 4, nanoseconds: 1_000)
    let (line, counts) = stats.summary(
        since: ServerStats.Snapshot(turns: 0, batches: 0, busyNanoseconds: 0, overloaded: 0), seconds: 1)
    #expect(counts.batches == 1 && counts.turns == 4)
    #expect(line.contains("batches 1 (avg 4, max 4)"), "\(line)")
    #expect(stats.inFlight == -8, "every answered event still counts against the queue")
}
