/// A dictionary of at most `capacity` keys: past it, each new key takes the place of the one stored longest ago
/// (one removal per new key, never a sweep).
struct RecentTable<Key: Hashable, Value> {
    private(set) var entries: [Key: Value] = [:]
    /// The keys in the order they came; once full, `next` is the slot the next new key takes.
    private var order: [Key] = []
    private var next = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    subscript(key: Key) -> Value? { entries[key] }

    var count: Int { entries.count }

    /// Stores `value` for `key`; a new key past the capacity evicts the oldest one.
    mutating func store(_ value: Value, for key: Key) {
        guard entries.updateValue(value, forKey: key) == nil else { return }
        if order.count < capacity {
            order.append(key)
        } else {
            entries[order[next]] = nil
            order[next] = key
            next = (next + 1) % capacity
        }
    }
}

extension RecentTable: Sendable where Key: Sendable, Value: Sendable {}
