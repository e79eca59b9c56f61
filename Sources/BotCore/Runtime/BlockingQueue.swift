import Foundation

/// A bounded FIFO between threads: producers block or fail when full, the consumer takes in batches.
///
/// `@unchecked Sendable`: every stored property is guarded by `condition`.
public final class BlockingQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private var closed = false
    /// Set by `wake()`: a `take` waiting on an empty queue returns empty once.
    private var woken = false
    /// The most items held at once.
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds an item, waiting while the queue is full; false once the queue is closed.
    @discardableResult
    public func put(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count - head >= capacity && !closed {
            condition.wait()
        }
        guard !closed else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Adds an item only if there is room now.
    public func offer(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed, items.count - head < capacity else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Takes up to `limit` items, waiting for at least one (or until `deadline`); empty once closed and
    /// drained, or when the deadline passed with nothing to take (check `isClosed` to tell them apart).
    public func take(upTo limit: Int, until deadline: Date? = nil) -> [Element] {
        condition.lock()
        defer { condition.unlock() }
        while items.count == head && !closed {
            if woken {
                woken = false
                return []
            }
            if let deadline {
                if !condition.wait(until: deadline) { return [] }
            } else {
                condition.wait()
            }
        }
        let end = min(items.count, head + limit)
        let batch = Array(items[head..<end])
        head = end
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 4_096 {
            items.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return batch
    }

    /// Makes a `take` waiting on an empty queue (now or next) return empty, so that its thread looks around.
    public func wake() {
        condition.lock()
        woken = true
        condition.broadcast()
        condition.unlock()
    }

    /// Whether `close()` was called.
    public var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return closed
    }

    /// The number of items waiting.
    public var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return items.count - head
    }

    /// Refuses further items; `take` drains what is left, then returns empty.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
