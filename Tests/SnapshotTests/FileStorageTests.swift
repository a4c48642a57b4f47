import Glibc
import Testing
@testable import Snapshot

/// The production storage on a real temporary directory: the same engine code, real system calls.
struct FileStorageTests {
    static func temporaryDirectory() -> String {
        var template = Array("/tmp/parley-snapshot-XXXXXX".utf8CString)
        let path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
        return path
    }

    static func removeTree(_ path: String) {
        let storage = FileStorage()
        for name in (try? storage.list(path)) ?? [] {
            let child = path + "/" + name
            var st = stat()
            if lstat(child, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { removeTree(child) } else { unlink(child) }
        }
        rmdir(path)
    }

    @Test func filesDirectoriesAndZeroFill() throws {
        let root = Self.temporaryDirectory()
        defer { Self.removeTree(root) }
        let s = FileStorage()
        try s.makeDirectory(root + "/d")
        try s.makeDirectory(root + "/d")
        let f = try s.open(root + "/d/a", create: true)
        try s.zeroFill(f, offset: 0, length: 3 << 20)
        #expect(try s.size(f) == 3 << 20)
        try s.write(f, [1, 2, 3], at: 5)
        try s.fdatasync(f)
        #expect(try s.readBytes(f, count: 10, at: 0) == [0, 0, 0, 0, 0, 1, 2, 3, 0, 0])
        #expect(try s.readBytes(f, count: 10, at: (3 << 20) - 4).count == 4)
        try s.truncate(f, to: 8)
        try s.fsync(f)
        s.close(f)
        try s.rename(root + "/d/a", to: root + "/d/b")
        try s.fsyncDirectory(root + "/d")
        #expect(try s.list(root + "/d") == ["b"])
        #expect(s.exists(root + "/d/b") && !s.exists(root + "/d/a"))
        try s.remove(root + "/d/b")
        #expect(throws: DurabilityError.self) { try s.open(root + "/d/missing", create: false) }
    }

    @Test func theEngineRoundTripsOnARealDirectory() async throws {
        let root = Self.temporaryDirectory()
        defer { Self.removeTree(root) }
        var c = DurabilityConfiguration()
        c.segmentBytes = 64 << 10
        c.recordBytesMax = 4096
        c.snapshotChunkBytes = 1024
        let logs = LogStore()
        func open() throws -> (DurabilityEngine, [KVStore], RecoveryReport) {
            let engine = try DurabilityEngine(directory: root + "/data", configuration: c, logger: logs.logger)
            let stores = [KVStore(name: "kv0", parity: 0), KVStore(name: "kv1", parity: 1)]
            for s in stores { try engine.register(s.component) }
            return (engine, stores, try engine.start())
        }
        let (engine, stores, _) = try open()
        let ops = Harness.randomOps(seed: 90, count: 400, fillerMax: 1000)
        try await Harness.run(Array(ops[0..<300]), on: engine, stores: stores)
        _ = try await engine.takeSnapshot()
        try await Harness.run(Array(ops[300...]), on: engine, stores: stores)
        engine.close()
        let verification = try JournalReader(dataDirectory: root + "/data").verify()
        #expect(verification.verdict == .clean && verification.lastLSN == 400)
        let (again, restored, report) = try open()
        again.close()
        #expect(report.snapshot != nil && report.lastLSN == 400)
        let same = Harness.combined(restored) == KVState.model(ops)
        #expect(same)
    }
}
