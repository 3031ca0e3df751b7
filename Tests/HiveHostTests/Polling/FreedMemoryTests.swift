import Testing

@testable import HiveHost

@Suite("Polling: freed memory goes back to the OS after a cycle")
struct FreedMemoryTests {
    @Test("glibc's malloc_trim is found and can be called while other threads allocate")
    func trimIsAvailable() async throws {
        #if os(Linux)
            #expect(FreedMemory.isAvailable)
        #endif
        try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var total = 0
                    for round in 0..<200 { total += [UInt8](repeating: UInt8(worker), count: 4096 + round).count }
                    return total
                }
            }
            for _ in 0..<20 { FreedMemory.release() }
            var sum = 0
            for try await total in group { sum += total }
            #expect(sum > 0)
        }
    }
}
