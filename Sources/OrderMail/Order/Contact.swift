import OrderMailCore

/// The person at the region who places the order and answers support's questions.
public struct Contact: Equatable, Encodable, Sendable {
    public var name: OrderText
    public var email: EmailAddress
    public var phone: PhoneNumber?

    public init(name: OrderText, email: EmailAddress, phone: PhoneNumber? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
    }
}
