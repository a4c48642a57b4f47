/// A log sequence number: the position of a record in the journal's single total order.
///
/// The first record is LSN 1; LSN 0 means "nothing" (an empty journal, a component that has seen no
/// record). LSNs have no gaps: recovery checks that each record is the previous one plus one.
public typealias LSN = UInt64
