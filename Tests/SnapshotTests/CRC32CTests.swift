import Testing
@testable import Snapshot

struct PlaceholderTests {
    @Test func placeholder() { #expect(SnapshotFormat.version == 1) }
}
