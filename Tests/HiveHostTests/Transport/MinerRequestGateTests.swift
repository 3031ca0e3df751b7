import HiveHost
import NIOConcurrencyHelpers
import Testing

@Suite("MinerRequestGate")
struct MinerRequestGateTests {
    /// A gate whose queue lengths can be awaited, so waiters line up in a known order.
    final class ObservedGate: Sendable {
        let gate: MinerRequestGate
        let queueSizes: AsyncStream<(String, Int)>

        init() {
            let (stream, continuation) = AsyncStream.makeStream(of: (String, Int).self)
            queueSizes = stream
            gate = MinerRequestGate { host, waiting in continuation.yield((host, waiting)) }
        }

        /// Waits until `host` has `count` waiters.
        func waitForQueue(_ host: String, count: Int) async {
            for await (changed, waiting) in queueSizes where changed == host && waiting == count {
                return
            }
        }
    }

    /// A permit holder that keeps the permit until `release()`.
    final class Holder: Sendable {
        private let stream: AsyncStream<Void>
        private let continuation: AsyncStream<Void>.Continuation

        init() {
            (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        }

        func hold() async {
            for await _ in stream { return }
        }

        func release() { continuation.yield() }
    }

    @Test("waiters get the permit in arrival order")
    func fifo() async throws {
        let observed = ObservedGate()
        let gate = observed.gate
        let order = NIOLockedValueBox<[Int]>([])
        let holder = Holder()
        let entered = AsyncStream.makeStream(of: Void.self)

        let holding = Task {
            try await gate.withPermit(for: "10.0.0.1") {
                entered.continuation.yield()
                await holder.hold()
            }
        }
        for await _ in entered.stream { break }
        #expect(gate.isBusy("10.0.0.1"))

        var waiters: [Task<Void, any Error>] = []
        for index in 1...5 {
            waiters.append(
                Task { try await gate.withPermit(for: "10.0.0.1") { order.withLockedValue { $0.append(index) } } })
            await observed.waitForQueue("10.0.0.1", count: index)
        }
        #expect(gate.waitingCount(for: "10.0.0.1") == 5)
        holder.release()
        try await holding.value
        for waiter in waiters { try await waiter.value }
        #expect(order.withLockedValue { $0 } == [1, 2, 3, 4, 5])
        #expect(!gate.isBusy("10.0.0.1"))
    }

    @Test("a cancelled waiter leaves the queue without blocking the others")
    func cancellation() async throws {
        let observed = ObservedGate()
        let gate = observed.gate
        let order = NIOLockedValueBox<[Int]>([])
        let holder = Holder()
        let entered = AsyncStream.makeStream(of: Void.self)

        let holding = Task {
            try await gate.withPermit(for: "m") {
                entered.continuation.yield()
                await holder.hold()
            }
        }
        for await _ in entered.stream { break }

        var waiters: [Task<Void, any Error>] = []
        for index in 1...3 {
            waiters.append(Task { try await gate.withPermit(for: "m") { order.withLockedValue { $0.append(index) } } })
            await observed.waitForQueue("m", count: index)
        }
        waiters[1].cancel()
        await observed.waitForQueue("m", count: 2)
        await #expect(throws: CancellationError.self) { try await waiters[1].value }
        #expect(gate.waitingCount(for: "m") == 2)

        holder.release()
        try await holding.value
        try await waiters[0].value
        try await waiters[2].value
        #expect(order.withLockedValue { $0 } == [1, 3])
        #expect(!gate.isBusy("m"))
    }

    @Test("an already cancelled task does not queue")
    func cancelledBeforeWaiting() async throws {
        let gate = MinerRequestGate()
        let holder = Holder()
        let entered = AsyncStream.makeStream(of: Void.self)
        let holding = Task {
            try await gate.withPermit(for: "m") {
                entered.continuation.yield()
                await holder.hold()
            }
        }
        for await _ in entered.stream { break }
        let waiter = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await gate.withPermit(for: "m") {}
        }
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(gate.waitingCount(for: "m") == 0)
        holder.release()
        try await holding.value
        #expect(!gate.isBusy("m"))
    }

    @Test("different hosts do not wait for each other")
    func independentHosts() async throws {
        let gate = MinerRequestGate()
        let holder = Holder()
        let entered = AsyncStream.makeStream(of: Void.self)
        let holding = Task {
            try await gate.withPermit(for: "a") {
                entered.continuation.yield()
                await holder.hold()
            }
        }
        for await _ in entered.stream { break }
        let value = try await gate.withPermit(for: "b") { 42 }
        #expect(value == 42)
        #expect(gate.isBusy("a"))
        #expect(!gate.isBusy("b"))
        holder.release()
        try await holding.value
        #expect(!gate.isBusy("a"))
    }

    @Test("the permit is released when the body throws")
    func releaseOnError() async throws {
        struct Boom: Error {}
        let gate = MinerRequestGate()
        await #expect(throws: Boom.self) { try await gate.withPermit(for: "m") { throw Boom() } }
        #expect(!gate.isBusy("m"))
        #expect(try await gate.withPermit(for: "m") { "ok" } == "ok")
    }

    @Test("many waiters with random cancellations: one at a time, nothing stuck")
    func stress() async throws {
        let gate = MinerRequestGate()
        let inside = NIOLockedValueBox((now: 0, most: 0, runs: 0))
        var tasks: [Task<Bool, Never>] = []
        for index in 0..<300 {
            let task = Task { () -> Bool in
                do {
                    try await gate.withPermit(for: "m") {
                        inside.withLockedValue {
                            $0.now += 1
                            $0.most = max($0.most, $0.now)
                            $0.runs += 1
                        }
                        await Task.yield()
                        inside.withLockedValue { $0.now -= 1 }
                    }
                    return true
                } catch {
                    return false
                }
            }
            if index % 3 == 0 { task.cancel() }
            tasks.append(task)
        }
        var completed = 0
        for task in tasks where await task.value { completed += 1 }
        #expect(completed >= 200)  // every uncancelled waiter ran
        #expect(inside.withLockedValue { $0.most } == 1)
        #expect(inside.withLockedValue { $0.runs } == completed)
        #expect(!gate.isBusy("m"))
        #expect(gate.waitingCount(for: "m") == 0)
    }
}
