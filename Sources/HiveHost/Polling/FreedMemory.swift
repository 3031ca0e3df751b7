#if canImport(Glibc)
    import Glibc
#endif

/// Hands memory the allocator keeps but no longer uses back to the operating system.
///
/// A poll cycle decodes a reply from every miner (a telemetry cycle, every chip of every
/// board) and frees it all when the results are written; glibc's allocator keeps most of
/// those pages mapped for reuse, so the daemon's resident size between cycles would stay at
/// its peak. glibc's `malloc_trim(0)` returns whole free pages from every arena (a few
/// milliseconds for a heap of ~100 MB), once per cycle. Swift's Glibc module does not export
/// it, so it is looked up once with `dlsym`; elsewhere, or if absent, this does nothing.
enum FreedMemory {
    private typealias Trim = @convention(c) (Int) -> Int32

    #if canImport(Glibc)
        private static let trim: Trim? = dlsym(nil, "malloc_trim").map { unsafeBitCast($0, to: Trim.self) }
    #else
        private static let trim: Trim? = nil
    #endif

    /// Whether this platform's allocator can be asked to trim.
    static var isAvailable: Bool { trim != nil }

    static func release() {
        _ = trim?(0)
    }
}
