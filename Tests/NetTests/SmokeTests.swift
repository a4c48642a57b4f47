import Testing
@testable import Net

@Test func moduleLoads() {
    #expect(NetVersion.name == "parley-net")
}
