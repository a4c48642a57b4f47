/// Everything a user can try to do to or in a channel. `ChannelPolicy.check` decides each one; the channel
/// actor and the routes ask it instead of testing roles themselves.
public enum ChannelAction: Sendable, CaseIterable {
    case read
    case post
    case editOwnPost
    case editOthersPost
    case deleteOwnPost
    case deleteOthersPost
    case react
    case pin
    case join
    case addMember
    case removeSelf
    case removeOther
    case rename
    case setHeader
    case archive
    case manageRoles
    case viewMembers

    /// What an archived channel still allows. An archive is kept for reading (the guide: "a copy is archived
    /// on the server for auditing"), so only looking survives it.
    var allowedWhenArchived: Bool {
        switch self {
        case .read, .viewMembers:
            return true
        case .post, .editOwnPost, .editOthersPost, .deleteOwnPost, .deleteOthersPost, .react, .pin, .join,
             .addMember, .removeSelf, .removeOther, .rename, .setHeader, .archive, .manageRoles:
            return false
        }
    }

    /// Actions that change who is in the channel or what it is called, which direct and group channels do
    /// not have: their members are fixed by who the conversation is between, and only their header may change.
    var refusedInDirectOrGroup: Bool {
        switch self {
        case .join, .addMember, .removeSelf, .removeOther, .rename, .archive:
            return true
        case .read, .post, .editOwnPost, .editOthersPost, .deleteOwnPost, .deleteOthersPost, .react, .pin,
             .setHeader, .manageRoles, .viewMembers:
            return false
        }
    }
}
