/// Login throttling (RELIABILITY.md A20): per account against guessing one password, per address against
/// spraying one guess over many accounts.
///
/// Mattermost locks an account after `MaximumLoginAttempts` failures until an admin unlocks it, which lets anyone
/// who knows an admin's username lock them out for good. Here the lock is a delay instead: after `attemptsMax`
/// consecutive failures each further attempt waits 1 s, 2 s, 4 s … up to 15 minutes after the last failure, which
/// makes guessing hopeless and still lets the owner in. The state is a pure value: the caller passes the time and
/// keeps the value wherever it likes (an actor, a mutex).
///
/// Account and address keys are taken as given; the caller normalises them (lower-cased login id, the client
/// address without its port).
struct LoginThrottle: Sendable {
    enum Decision: Sendable, Equatable {
        case allowed
        case retryAfter(ms: Int64)
    }

    static let trackedMax = 100_000
    static let backoffBaseMs: Int64 = 1_000
    static let backoffCapMs: Int64 = 15 * 60 * 1_000
    static let addressWindowMs: Int64 = 60 * 1_000
    /// 2^10 s already exceeds the cap, so larger shifts are never needed (and could overflow).
    static let backoffShiftMax = 10

    private struct AccountState: Sendable {
        var failures: Int
        var lastFailureMs: Int64
    }

    private struct AddressState: Sendable {
        /// The most recent failures, oldest first, at most `perAddressPerMinuteMax` of them.
        var failuresMs: [Int64]
    }

    let attemptsMax: Int
    let perAddressPerMinuteMax: Int
    private var accounts: RecencyTable<AccountState>
    private var addresses: RecencyTable<AddressState>

    init(attemptsMax: Int = 10, perAddressPerMinuteMax: Int = 60) {
        self.init(attemptsMax: attemptsMax, perAddressPerMinuteMax: perAddressPerMinuteMax, trackedMax: Self.trackedMax)
    }

    /// `trackedMax` bounds each table separately; tests lower it to watch eviction.
    init(attemptsMax: Int, perAddressPerMinuteMax: Int, trackedMax: Int) {
        precondition(attemptsMax >= 1, "LoginThrottle attemptsMax \(attemptsMax) < 1")
        precondition(perAddressPerMinuteMax >= 1, "LoginThrottle perAddressPerMinuteMax \(perAddressPerMinuteMax) < 1")
        precondition(trackedMax >= 1, "LoginThrottle trackedMax \(trackedMax) < 1")
        self.attemptsMax = attemptsMax
        self.perAddressPerMinuteMax = perAddressPerMinuteMax
        accounts = RecencyTable(capacity: trackedMax)
        addresses = RecencyTable(capacity: trackedMax)
    }

    var trackedAccounts: Int { accounts.count }
    var trackedAddresses: Int { addresses.count }

    /// Whether an attempt may go ahead now; when both limits apply, the longer wait is returned.
    mutating func check(account: String, address: String, now: Int64) -> Decision {
        let wait = max(accountWait(account, now: now), addressWait(address, now: now))
        if wait > 0 { return .retryAfter(ms: wait) }
        // An address whose failures have all left the window needs no memory any more.
        if let state = addresses[address], let newest = state.failuresMs.last, newest <= now - Self.addressWindowMs {
            addresses.remove(address)
        }
        return .allowed
    }

    mutating func recordFailure(account: String, address: String, now: Int64) {
        var accountState = accounts[account] ?? AccountState(failures: 0, lastFailureMs: now)
        accountState.failures += 1
        accountState.lastFailureMs = now
        accounts.update(account, accountState)

        var addressState = addresses[address] ?? AddressState(failuresMs: [])
        addressState.failuresMs.append(now)
        if addressState.failuresMs.count > perAddressPerMinuteMax {
            addressState.failuresMs.removeFirst(addressState.failuresMs.count - perAddressPerMinuteMax)
        }
        addresses.update(address, addressState)
    }

    /// A correct password ends the account's back-off. The address keeps its failures: an attacker who owns one
    /// account must not be able to clear their spraying record by logging into it.
    mutating func recordSuccess(account: String) {
        accounts.remove(account)
    }

    /// Milliseconds until the account may try again; zero or less means now.
    private func accountWait(_ account: String, now: Int64) -> Int64 {
        guard let state = accounts[account], state.failures >= attemptsMax else { return 0 }
        let shift = min(state.failures - attemptsMax, Self.backoffShiftMax)
        let delay = min(Self.backoffBaseMs << Int64(shift), Self.backoffCapMs)
        return state.lastFailureMs + delay - now
    }

    /// Milliseconds until the oldest of `perAddressPerMinuteMax` failures inside the window leaves it.
    private func addressWait(_ address: String, now: Int64) -> Int64 {
        guard let state = addresses[address], state.failuresMs.count >= perAddressPerMinuteMax,
            let oldest = state.failuresMs.first
        else { return 0 }
        return oldest + Self.addressWindowMs - now
    }
}

/// A dictionary bounded to `capacity` keys that evicts the least recently updated key.
///
/// Recency is kept in an append-only log of (key, stamp) with a moving head; an update appends a fresh stamp and
/// leaves the old entry behind as garbage, which eviction skips. The log is compacted once garbage outweighs live
/// entries, so every operation is amortised O(1) and memory stays proportional to `capacity`.
private struct RecencyTable<Value: Sendable>: Sendable {
    private var entries: [String: (value: Value, stamp: UInt64)] = [:]
    private var log: [(key: String, stamp: UInt64)] = []
    private var head = 0
    private var nextStamp: UInt64 = 0
    let capacity: Int
    /// Compaction waits for at least this much garbage, so small tables do not compact on every update.
    /// (Computed because a generic type cannot have stored static properties.)
    static var compactionSlack: Int { 1_024 }

    init(capacity: Int) {
        self.capacity = capacity
    }

    var count: Int { entries.count }

    subscript(key: String) -> Value? { entries[key]?.value }

    mutating func update(_ key: String, _ value: Value) {
        let stamp = nextStamp
        nextStamp += 1
        entries[key] = (value, stamp)
        log.append((key, stamp))
        while entries.count > capacity {
            evictOldest()
        }
        compactIfNeeded()
    }

    mutating func remove(_ key: String) {
        entries[key] = nil
        compactIfNeeded()
    }

    private mutating func evictOldest() {
        while head < log.count {
            let entry = log[head]
            head += 1
            if entries[entry.key]?.stamp == entry.stamp {
                entries[entry.key] = nil
                return
            }
        }
        preconditionFailure("RecencyTable over capacity with no live entry in its log")
    }

    private mutating func compactIfNeeded() {
        let logged = log.count - head
        guard logged > 2 * entries.count + Self.compactionSlack else { return }
        log = log[head...].filter { entries[$0.key]?.stamp == $0.stamp }
        head = 0
    }
}
