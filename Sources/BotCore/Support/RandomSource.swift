import Foundation
import Synchronization

/// Where randomness comes from: the system's secure generator in production, a seeded one in tests.
public struct RandomSource: Sendable {
    private let nextValue: @Sendable () -> UInt64

    public init(_ next: @escaping @Sendable () -> UInt64) {
        self.nextValue = next
    }

    /// The next 64 random bits.
    public func next() -> UInt64 { nextValue() }

    /// A uniformly chosen integer in `0..<upperBound`.
    public func int(below upperBound: Int) -> Int {
        precondition(upperBound > 0)
        var generator = Generator(source: self)
        return Int.random(in: 0..<upperBound, using: &generator)
    }

    /// A string of `count` characters drawn uniformly from `alphabet`.
    public func string(count: Int, from alphabet: String) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters[int(below: characters.count)] })
    }

    /// The system's cryptographically secure generator (`getrandom` on Linux).
    public static let system = RandomSource {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }

    /// A repeatable generator (SplitMix64) for tests and benchmarks; never for secrets in production.
    public static func seeded(_ seed: UInt64) -> RandomSource {
        let state = Mutex(seed)
        return RandomSource {
            state.withLock { value in
                value &+= 0x9E37_79B9_7F4A_7C15
                var z = value
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return z ^ (z >> 31)
            }
        }
    }

    private struct Generator: RandomNumberGenerator {
        let source: RandomSource
        mutating func next() -> UInt64 { source.next() }
    }
}

/// A source is a generator for the standard library's random APIs (`Int.random(in:using:)`, `shuffled(using:)`).
extension RandomSource: RandomNumberGenerator {}
