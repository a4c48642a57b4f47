import Testing
@testable import Actors

@Suite struct MattermostIDTests {
    @Test func encodesAllZeroAndAllOnesToTheAlphabetsEnds() {
        #expect(MattermostID.encode(0, 0) == String(repeating: "y", count: 26))
        let ones = MattermostID.encode(.max, .max)
        #expect(ones.count == 26)
        #expect(MattermostID.isValid(ones))
    }

    @Test func randomIdsAreValidAndDistinct() {
        var seen = Set<String>()
        for _ in 0..<10_000 {
            let id = MattermostID.fast()
            #expect(MattermostID.isValid(id))
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
        #expect(!MattermostID.isValid("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        #expect(!MattermostID.isValid("short"))
    }
}
