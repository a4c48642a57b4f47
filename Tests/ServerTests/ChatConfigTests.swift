import Testing
@testable import Server
import Actors

@Suite struct ChatConfigTests {
    @Test func defaultsAreTheGuidesAndRoundTripThroughJSON() throws {
        let c = ChatConfig()
        #expect(c.maxFileSize == 52_428_800 && !c.enablePublicLink && c.enableTeamCreation && c.maxUsersPerTeam >= 1_000_000)
        #expect(try ChatConfig.parse(c.json()) == c)
    }

    @Test func fieldsLeftOutReturnToDefaultsAndWrongTypesAreRefused() throws {
        let partial = JSONValue.object(["TeamSettings": .object(["EnableOpenServer": .bool(false)])])
        let c = try ChatConfig.parse(partial)
        #expect(!c.enableOpenServer && c.enableTeamCreation)
        #expect(c.settings.enableOpenServer == false)
        for bad: JSONValue in [
            .object(["TeamSettings": .object(["EnableOpenServer": .string("no")])]),
            .object(["TeamSettings": .object(["MaxUsersPerTeam": .int(0)])]),
            .object(["TeamSettings": .object(["RestrictDirectMessage": .string("nobody")])]),
            .object(["PasswordSettings": .object(["MinimumLength": .int(100)])]),
            .array([]),
        ] {
            #expect(throws: AppError.self) { try ChatConfig.parse(bad) }
        }
    }

    @Test func nullSectionsAndFieldsKeepDefaults() throws {
        let c = try ChatConfig.parse(.object(["TeamSettings": .null, "PrivacySettings": .object(["ShowFullName": .null])]))
        #expect(c == ChatConfig())
    }
}

@Suite struct AvatarImageTests {
    @Test func pngChunksCarryValidChecksumsAndTheSizeAndDifferPerUser() {
        let one = ID(high: 0x9E37_79B9_7F4A_7C15, low: 0xBF58_476D_1CE4_E5B9), two = ID(high: 0x94D0_49BB_1331_11EB, low: 0x2545_F491_4F6C_DD1D)
        let a = AvatarImage.png(for: one), b = AvatarImage.png(for: two)
        #expect(Array(a[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect((a == b) == false)
        #expect((a == AvatarImage.png(for: one)) == true)
        var offset = 8
        var types: [String] = []
        while offset < a.count {
            let length = Int(a[offset]) << 24 | Int(a[offset + 1]) << 16 | Int(a[offset + 2]) << 8 | Int(a[offset + 3])
            let typed = Array(a[(offset + 4)..<(offset + 8 + length)])
            let stored = a[(offset + 8 + length)..<(offset + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(AvatarImage.crc32(typed) == stored)
            types.append(String(decoding: typed[0..<4], as: UTF8.self))
            offset += 12 + length
        }
        #expect(types == ["IHDR", "IDAT", "IEND"])
        #expect(Array(a[16..<24]) == [0, 0, 0, 120, 0, 0, 0, 120])
        #expect(AvatarImage.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    }
}
