import Glibc
import Testing
@testable import Snapshot

/// The test double itself: what survives a crash, and how faults fire.
struct FaultyStorageTests {
    @Test func unsyncedBytesAndUnsyncedNamesAreLostAtAPowerLoss() throws {
        let s = FaultyStorage()
        try s.makeDirectory("/d")
        try s.fsyncDirectory("/")
        let f = try s.open("/d/a", create: true)
        try s.write(f, [1, 2, 3], at: 0)
        try s.fdatasync(f)
        try s.write(f, [4, 5], at: 3)
        try s.fsyncDirectory("/d")
        let g = try s.open("/d/b", create: true)
        try s.write(g, [9], at: 0)
        try s.fsync(g)
        s.crash(.dropAll)
        #expect(s.contents(of: "/d/a") == [1, 2, 3])
        #expect(s.contents(of: "/d/b") == nil, "created and synced, but its name was never made durable")
        #expect(throws: DurabilityError.self) { try s.write(f, [0], at: 0) }
    }

    @Test func renameIsDurableOnlyAfterTheDirectoryFsync() throws {
        let s = FaultyStorage()
        try s.makeDirectory("/d")
        try s.fsyncDirectory("/")
        let f = try s.open("/d/tmp", create: true)
        try s.write(f, [7], at: 0)
        try s.fsync(f)
        try s.fsyncDirectory("/d")
        try s.rename("/d/tmp", to: "/d/final")
        let kept = s.copy()
        s.crash(.dropAll)
        #expect(s.exists("/d/tmp") && !s.exists("/d/final"))
        try kept.fsyncDirectory("/d")
        kept.crash(.dropAll)
        #expect(!kept.exists("/d/tmp") && kept.contents(of: "/d/final") == [7])
    }

    @Test func aRandomSubsetKeepsWholeSectors() throws {
        let s = FaultyStorage(sectorBytes: 512)
        try s.makeDirectory("/d")
        try s.fsyncDirectory("/")
        let f = try s.open("/d/a", create: true)
        try s.write(f, [UInt8](repeating: 0, count: 4096), at: 0)
        try s.fsync(f)
        try s.fsyncDirectory("/d")
        try s.write(f, [UInt8](repeating: 0xFF, count: 4096), at: 0)
        s.crash(.randomSubset(seed: 3))
        let bytes = s.contents(of: "/d/a")!
        #expect(bytes.count == 4096)
        for sector in 0..<8 {
            let slice = bytes[(sector * 512)..<((sector + 1) * 512)]
            #expect(slice.allSatisfy { $0 == 0 } || slice.allSatisfy { $0 == 0xFF }, "sector \(sector) is old or new, never mixed")
        }
    }

    @Test func faultsFireOnTheNthCallAndCallsAreCounted() throws {
        let s = FaultyStorage()
        let f = try s.open("/a", create: true)
        s.failNext(.fdatasync, skip: 1, errno: EIO)
        try s.fdatasync(f)
        #expect(throws: DurabilityError.io(operation: "fdatasync", path: "/a", errno: EIO)) { try s.fdatasync(f) }
        try s.fdatasync(f)
        #expect(s.count(.fdatasync) == 3)
        s.failNext(.write, errno: ENOSPC)
        #expect(throws: DurabilityError.diskFull(operation: "write", path: "/a")) { try s.write(f, [1], at: 0) }
        s.capacityBytes = 10
        #expect(throws: DurabilityError.diskFull(operation: "write", path: "/a")) { try s.write(f, [UInt8](repeating: 1, count: 11), at: 0) }
        try s.write(f, [UInt8](repeating: 1, count: 10), at: 0)
        try s.write(f, [2], at: 9)  // rewriting inside the file needs no space
        s.freeze(afterOperations: 1)
        try s.fsync(f)
        #expect(throws: DurabilityError.self) { try s.fsync(f) }
        #expect(throws: DurabilityError.self) { _ = try s.size(f) }
    }
}
