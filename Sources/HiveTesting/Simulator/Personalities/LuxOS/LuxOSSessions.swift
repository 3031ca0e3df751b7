import NIOConcurrencyHelpers

/// A LUXminer's write coordination: at most one session, which expires after a minute without
/// use (each use renews it) and ends with a reboot (docs.luxor.tech/firmware/api/sessions), and
/// the ATM switch (`atmset enabled=…`, persisted across reboots).
final class LuxOSSessions: Sendable {
    private struct Active {
        var id: String
        var lastUse: Duration
        var boot: Int
    }

    private struct State {
        var active: Active?
        var issued: UInt64 = 0
        var atmEnabled = true
    }

    private let state = NIOLockedValueBox(State())
    private let seed: UInt64
    /// Idle time after which a session expires.
    let idleLifetime: Duration

    init(seed: UInt64, idleLifetime: Duration) {
        self.seed = seed
        self.idleLifetime = idleLifetime
    }

    /// The active session's id, if one is alive at `now` (`session` reports it).
    func active(now: Duration, boot: Int) -> String? {
        state.withLockedValue { state in
            guard let active = state.active, isAlive(active, now: now, boot: boot) else { return nil }
            return active.id
        }
    }

    /// A new session, or `nil` while another is alive (`logon` then answers code 402).
    func logon(now: Duration, boot: Int) -> String? {
        state.withLockedValue { state in
            if let active = state.active, isAlive(active, now: now, boot: boot) { return nil }
            state.issued += 1
            let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
            let id = String(
                (0..<8).map { index in
                    alphabet[Int(SeededNoise.hash(seed, state.issued, UInt64(index)) % UInt64(alphabet.count))]
                })
            state.active = Active(id: id, lastUse: now, boot: boot)
            return id
        }
    }

    /// Whether `id` is the live session; using it renews it.
    func use(_ id: String, now: Duration, boot: Int) -> Bool {
        state.withLockedValue { state in
            guard var active = state.active, active.id == id, isAlive(active, now: now, boot: boot) else {
                return false
            }
            active.lastUse = now
            state.active = active
            return true
        }
    }

    /// Ends the session `id` (`logoff`).
    func logoff(_ id: String) {
        state.withLockedValue { state in
            if state.active?.id == id { state.active = nil }
        }
    }

    /// Whether ATM is enabled.
    var atmEnabled: Bool {
        get { state.withLockedValue { $0.atmEnabled } }
        set { state.withLockedValue { $0.atmEnabled = newValue } }
    }

    private func isAlive(_ active: Active, now: Duration, boot: Int) -> Bool {
        active.boot == boot && now - active.lastUse < idleLifetime
    }
}
