import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Drives a running bot through line channels (a child's pipes, or sockets) from one thread with `poll`.
///
/// Chats are spread over the channels; each channel keeps up to `window` messages outstanding, sent turn-major
/// (turn k of its chats before turn k+1), optionally paced to `rate` messages per second overall. Each turn is
/// timed from the moment its message was written to the moment its answer was read.
struct BenchDriver {
    /// One connection to the bot: where to write messages and read answers (the same descriptor for a socket).
    struct Endpoint {
        var read: Int32
        var write: Int32
    }

    private struct Channel {
        let endpoint: Endpoint
        let index: Int
        let chatCount: Int
        var cursor = 0
        var inFlight = 0
        var output: [UInt8] = []
        var written = 0
        var input: [UInt8] = []
        var isOpen = true
    }

    let chats: Int
    let window: Int
    let rate: Double?

    /// Runs the whole workload; returns the wall time and each turn's latency (nanoseconds, by sequence).
    func run(_ endpoints: [Endpoint], check: inout BenchCheck) throws -> (seconds: Double, latencies: [UInt64]) {
        for endpoint in endpoints {
            try Descriptor.setNonBlocking(endpoint.read)
            if endpoint.write != endpoint.read { try Descriptor.setNonBlocking(endpoint.write) }
        }
        let count = endpoints.count
        var channels = endpoints.enumerated().map { index, endpoint in
            Channel(endpoint: endpoint, index: index, chatCount: (chats - index + count - 1) / count)
        }
        let total = chats * BenchWorkload.turnsPerChat
        var sentAt = [UInt64](repeating: 0, count: total)
        var latencies = [UInt64](repeating: 0, count: total)
        var sent = 0
        var received = 0
        var readBuffer = [UInt8](repeating: 0, count: 1 << 18)
        let started = Descriptor.monotonicNanoseconds()
        var lastProgress = started
        var descriptors: [pollfd] = []
        while received < total {
            let now = Descriptor.monotonicNanoseconds()
            let allowed = rate.map { Int(Double(now - started) / 1e9 * $0) + 1 } ?? Int.max
            for index in channels.indices where channels[index].isOpen {
                var channel = channels[index]
                let perChannelTotal = channel.chatCount * BenchWorkload.turnsPerChat
                while channel.inFlight < window && channel.cursor < perChannelTotal && sent < allowed {
                    let turn = channel.cursor / channel.chatCount
                    let chat = channel.index + (channel.cursor % channel.chatCount) * count
                    let seq = turn * chats + chat
                    channel.output += WireCodec.encodeMessage(BenchWorkload.message(seq: seq, chats: chats))
                    sentAt[seq] = now
                    channel.cursor += 1
                    channel.inFlight += 1
                    sent += 1
                }
                try flush(&channel)
                channels[index] = channel
            }
            descriptors.removeAll(keepingCapacity: true)
            for channel in channels where channel.isOpen {
                let wantsWrite = channel.written < channel.output.count
                if channel.endpoint.read == channel.endpoint.write {
                    let events = Int32(POLLIN) | (wantsWrite ? Int32(POLLOUT) : 0)
                    descriptors.append(pollfd(fd: channel.endpoint.read, events: Int16(events), revents: 0))
                } else {
                    descriptors.append(pollfd(fd: channel.endpoint.read, events: Int16(POLLIN), revents: 0))
                    if wantsWrite {
                        descriptors.append(pollfd(fd: channel.endpoint.write, events: Int16(POLLOUT), revents: 0))
                    }
                }
            }
            var timeout: Int32 = 1_000
            if let rate, sent >= allowed, sent < total {
                let due = started + UInt64(Double(sent) / rate * 1e9)
                timeout = due > now ? Int32((due - now + 999_999) / 1_000_000) : 0  // rounded up: no spinning
            }
            _ = poll(&descriptors, nfds_t(descriptors.count), timeout)
            for index in channels.indices where channels[index].isOpen {
                let fd = channels[index].endpoint.read
                while true {
                    let got = readBuffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                    if got < 0 && errno == EINTR { continue }
                    if got == 0 {
                        channels[index].isOpen = false
                        throw BenchError("the bot closed connection \(index) with \(total - received) turns missing")
                    }
                    guard got > 0 else { break }
                    let arrived = Descriptor.monotonicNanoseconds()
                    channels[index].input.append(contentsOf: readBuffer[0..<got])
                    var start = 0
                    let input = channels[index].input
                    while let newline = input[start...].firstIndex(of: 0x0A) {
                        if let seq = check.record(input[start..<newline]), seq < total {
                            latencies[seq] = arrived - sentAt[seq]
                            received += 1
                            channels[index].inFlight -= 1
                        }
                        start = newline + 1
                    }
                    channels[index].input.removeFirst(start)
                    lastProgress = arrived
                    if got < readBuffer.count { break }
                }
            }
            if Descriptor.monotonicNanoseconds() - lastProgress > 60_000_000_000 {
                throw BenchError("no answer for 60 s with \(total - received) turns outstanding")
            }
        }
        let seconds = Double(Descriptor.monotonicNanoseconds() - started) / 1e9
        return (seconds, latencies)
    }

    private func flush(_ channel: inout Channel) throws {
        while channel.written < channel.output.count {
            let count = channel.output.withUnsafeBytes { raw in
                Glibc.write(channel.endpoint.write, raw.baseAddress! + channel.written, raw.count - channel.written)
            }
            if count > 0 {
                channel.written += count
                continue
            }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { break }
            throw BenchError("cannot write to the bot: \(String(cString: strerror(errno)))")
        }
        if channel.written == channel.output.count {
            channel.output.removeAll(keepingCapacity: true)
            channel.written = 0
        }
    }
}

/// A bench run that cannot go on.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
