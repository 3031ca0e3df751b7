import Foundation

/// The model an instance learnt from the miner; a reference so that copies of a driver share it.
final class LearntModel: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: AntminerModel?

    /// The learnt model, if any.
    var value: AntminerModel? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
