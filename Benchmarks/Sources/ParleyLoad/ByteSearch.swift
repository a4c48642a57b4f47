import CLoad
import Glibc

/// Byte-string helpers over raw buffers, for the hot receive path (no String, no allocation).
enum ByteSearch {
    /// The offset of the first occurrence of `needle` in `haystack` at or after `from`, or nil.
    @inline(__always)
    static func find(_ needle: StaticString, in haystack: UnsafeRawBufferPointer, from: Int = 0) -> Int? {
        guard from < haystack.count, let base = haystack.baseAddress else { return nil }
        let found = cload_memmem(base + from, haystack.count - from, needle.utf8Start, needle.utf8CodeUnitCount)
        guard let found else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// The offset of the last occurrence of `needle`, searching backwards from the end; nil if absent.
    static func findLast(_ needle: StaticString, in haystack: UnsafeRawBufferPointer) -> Int? {
        let n = needle.utf8CodeUnitCount
        guard haystack.count >= n else { return nil }
        let first = needle.utf8Start[0]
        var i = haystack.count - n
        while i >= 0 {
            if haystack[i] == first && memcmp(haystack.baseAddress! + i, needle.utf8Start, n) == 0 { return i }
            i -= 1
        }
        return nil
    }

    /// Reads an unsigned decimal number starting at `offset`; returns it and the offset just past its digits, or
    /// nil when there is no digit there or it has more than 19 digits.
    @inline(__always)
    static func decimal(in bytes: UnsafeRawBufferPointer, at offset: Int) -> (value: UInt64, end: Int)? {
        var value: UInt64 = 0
        var i = offset
        while i < bytes.count, i - offset < 19 {
            let digit = bytes[i] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value * 10 + UInt64(digit)
            i += 1
        }
        return i == offset ? nil : (value, i)
    }

    /// Whether `bytes` begins with `prefix`.
    static func hasPrefix(_ prefix: StaticString, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let n = prefix.utf8CodeUnitCount
        return bytes.count >= n && memcmp(bytes.baseAddress!, prefix.utf8Start, n) == 0
    }
}
