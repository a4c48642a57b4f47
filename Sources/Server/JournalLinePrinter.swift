import Actors
import Foundation
import Snapshot

/// Prints `journal inspect`'s lines, as text for people or as JSON objects for scripts.
struct JournalLinePrinter {
    let json: Bool
    let previewBytes: Int

    func segment(_ s: JournalReader.Segment) {
        if json {
            emit(["type": "segment", "name": s.name, "firstLSN": s.firstLSN, "epoch": hex(s.epoch),
                  "segmentBytes": s.segmentBytes, "createdAt": s.createdAt])
        } else {
            print("segment \(s.name)  first LSN \(s.firstLSN)  epoch \(hex(s.epoch))  \(ProgressMeter.mebibytes(s.segmentBytes))"
                + "  created \(TimestampText.format(millis: s.createdAt))")
        }
    }

    func record(_ r: JournalReader.Record) {
        let e = r.entry
        let crc = hex(CRC32C.checksum(e.payload))
        let preview = e.payload.prefix(previewBytes).map { byte in hex(byte) }.joined()
            + (e.payload.count > previewBytes ? "…" : "")
        if json {
            emit(["type": "record", "segment": r.segment, "offset": r.offset, "bytes": r.bytes, "lsn": e.lsn,
                  "kind": Int(e.kind), "timestamp": e.timestamp, "length": e.payload.count, "crc32c": crc,
                  "syncedThrough": r.syncedThrough, "preview": preview, "name": Self.kindName(e.kind)])
        } else {
            print("  LSN \(e.lsn)  kind \(e.kind) \(Self.kindName(e.kind))  \(TimestampText.format(millis: e.timestamp)) (\(e.timestamp))"
                + "  length \(e.payload.count)  offset \(r.offset)  bytes \(r.bytes)  crc32c \(crc)  \(preview)")
        }
    }

    /// The record type's name for a kind, so an operator reads `TeamJoined` rather than 11.
    static func kindName(_ kind: UInt16) -> String {
        if kind == DiagnosticRecords.kind { return "Diagnostic" }
        return ChatRecords.name(ofKind: kind) ?? "unknown"
    }

    func end(_ end: JournalReader.SegmentEnd, segment: JournalReader.Segment) {
        switch end {
        case .end(let offset):
            if json { emit(["type": "end", "segment": segment.name, "offset": offset]) } else {
                print("  end of records at offset \(offset)")
            }
        case .stopped:
            break
        case .bad(let offset, let lsn, let reason):
            if json { emit(["type": "bad", "segment": segment.name, "offset": offset, "lsn": lsn, "reason": reason]) } else {
                print("  BAD at offset \(offset) where LSN \(lsn) was expected: \(reason)")
            }
        }
    }

    func note(_ text: String) {
        if json { emit(["type": "note", "text": text]) } else { print(text) }
    }

    private func emit(_ object: [String: Any]) {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        print(String(decoding: data, as: UTF8.self))
    }

    private func hex<T: FixedWidthInteger>(_ value: T) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, T.bitWidth / 4 - digits.count)) + digits
    }
}
