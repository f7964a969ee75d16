/// What `AddressPolicy` decided about one address, with the reason kept for the message a
/// person reads ("loopback", "private", "cloud metadata", …).
public enum AddressVerdict: Sendable, Equatable {
    case allowed
    case refused(reason: String)

    public var isAllowed: Bool { self == .allowed }
}
