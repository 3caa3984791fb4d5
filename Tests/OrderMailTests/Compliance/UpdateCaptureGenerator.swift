import Foundation
import TestSupport
import Testing

@testable import OrderMail

/// Writes captured `Update` requests (and responses) in every shape check-updates reads.
enum UpdateCaptureGenerator {
    static let sourceSystem = "SE2321000016-84GX"
    static let unit = "SE2321000016-A65H"
    static let otherUnit = "SE2321000016-F835"
    static let personalNumber = "191212121212"
    /// 14:03:00 in Stockholm on 20 November 2026; bookings start on 1 December.
    static let captureBase = Date(timeIntervalSince1970: 1_795_179_780)
    static let futureStart = "20261201100000"

    /// One engagement: its fields in order (raw XML text: values are spliced in as given).
    struct Engagement {
        var deleteFlag = "false"
        var fields: [(name: String, value: String)]
        /// Elements added to the engagement as raw XML after the fields.
        var extension_ = ""

        subscript(name: String) -> String? {
            get { fields.first { $0.name == name }?.value }
            set {
                if let index = fields.firstIndex(where: { $0.name == name }) {
                    if let newValue { fields[index].value = newValue } else { fields.remove(at: index) }
                } else if let newValue {
                    let order = EngagementField.allCases.map(\.rawValue)
                    let position = fields.firstIndex {
                        (order.firstIndex(of: $0.name) ?? 0) > (order.firstIndex(of: name) ?? 0)
                    }
                    fields.insert((name, newValue), at: position ?? fields.count)
                }
            }
        }

        static func update(_ booking: String, personalNumber: String = UpdateCaptureGenerator.personalNumber)
            -> Engagement
        {
            Engagement(fields: [
                ("registeredResidentIdentification", personalNumber), ("serviceDomain", "riv:crm:scheduling"),
                ("categorization", "NA"), ("logicalAddress", unit), ("businessObjectInstanceIdentifier", booking),
                ("clinicalProcessInterestId", "NA"), ("mostRecentContent", futureStart), ("sourceSystem", sourceSystem),
                ("dataController", "SE232100-0016"),
            ])
        }

        static func delete(_ booking: String) -> Engagement {
            var engagement = update(booking)
            engagement.deleteFlag = "true"
            engagement["mostRecentContent"] = nil
            return engagement
        }
    }

    /// A document of the capture: a request or a response.
    enum Document {
        case request(
            [Engagement], header: String? = "5565594230", consumer: String? = sourceSystem, soap12: Bool = false)
        case response(resultCode: String, comment: String)
        /// A bare `Update` given as text (for structures the model cannot express).
        case raw(String)
    }

    static let namespaces = """
        xmlns:u="urn:riv:itintegration:engagementindex:UpdateResponder:1" xmlns:c="urn:riv:itintegration:engagementindex:1"
        """

    /// The bare `Update` (or `UpdateResponse`) element, as xmllint validates it.
    static func bare(_ document: Document) -> String {
        switch document {
        case .request(let engagements, _, _, _):
            let transactions = engagements.map { engagement in
                let fields = engagement.fields.map { "      <c:\($0.name)>\($0.value)</c:\($0.name)>\n" }.joined()
                return """
                        <u:engagementTransaction>
                          <c:deleteFlag>\(engagement.deleteFlag)</c:deleteFlag>
                          <c:engagement>
                    \(fields)\(engagement.extension_)    </c:engagement>
                        </u:engagementTransaction>

                    """
            }.joined()
            return "<u:Update \(namespaces)>\n\(transactions)</u:Update>"
        case .raw(let text):
            return text
        case .response(let code, let comment):
            return
                "<u:UpdateResponse \(namespaces)><u:ResultCode>\(code)</u:ResultCode><u:comment>\(comment)</u:comment></u:UpdateResponse>"
        }
    }

    /// The SOAP 1.1 envelope around the bare element, with the RIVTA header for a request.
    static func soap(_ document: Document) -> String {
        var header = ""
        var headerValue: String?
        var envelope = "http://schemas.xmlsoap.org/soap/envelope/"
        if case .request(_, let logicalAddress, _, let soap12) = document {
            headerValue = logicalAddress
            if soap12 { envelope = "http://www.w3.org/2003/05/soap-envelope" }
        }
        if case .raw = document { headerValue = "5565594230" }
        if let logicalAddress = headerValue {
            header =
                "  <soapenv:Header>\n    <r:LogicalAddress>\(logicalAddress)</r:LogicalAddress>\n  </soapenv:Header>\n"
        }
        return """
            <soapenv:Envelope xmlns:soapenv="\(envelope)" xmlns:r="urn:riv:itintegration:registry:1">
            \(header)  <soapenv:Body>
            \(bare(document))
              </soapenv:Body>
            </soapenv:Envelope>
            """
    }

    /// The shapes captures come in.
    enum Shape: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case soapFile, bareFile, logOneLine, logPretty, legacy, ecs, httpDump, utf16, gzip
        var testDescription: String { rawValue }
        /// Whether the capture carries timestamps of its own.
        var hasTimestamps: Bool { ![.soapFile, .bareFile, .utf16].contains(self) }
        /// Whether requests stand in SOAP envelopes (so the RIVTA header exists).
        var hasEnvelope: Bool { self != .bareFile }
        /// Whether the platform's original consumer is logged.
        var carriesConsumer: Bool { [.legacy, .ecs, .httpDump].contains(self) }
    }

    /// The bytes of a capture of `documents` in `shape`; the nth document is captured n seconds after ``captureBase``.
    static func capture(_ documents: [Document], shape: Shape) throws -> [UInt8] {
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = TimeZone(identifier: "Europe/Stockholm")
        local.dateFormat = "yyyy-MM-dd HH:mm:ss,SSS"
        let http = DateFormatter()
        http.locale = Locale(identifier: "en_US_POSIX")
        http.timeZone = TimeZone(identifier: "GMT")
        http.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        var text = ""
        var lastRequest = 0
        for (index, document) in documents.enumerated() {
            let time = captureBase.addingTimeInterval(Double(index))
            var consumer: String?
            var isRequest = false
            if case .request(_, _, let value, _) = document {
                lastRequest = index
                consumer = value
                isRequest = true
            } else if case .raw = document {
                lastRequest = index
                isRequest = true
            }
            let correlation = "corr-\(lastRequest)"
            switch shape {
            case .soapFile, .utf16:
                text += soap(document) + "\n"
            case .bareFile:
                text += bare(document) + "\n"
            case .logOneLine, .gzip:
                text +=
                    "\(local.string(from: time)) DEBUG [http-nio-8080-exec-3] se.example.booking.EIClient - "
                    + (isRequest ? "Sending Update: " : "Received: ")
                    + soap(document).replacingOccurrences(of: "\n", with: "") + "\n"
            case .logPretty:
                text +=
                    "\(local.string(from: time)) DEBUG [http-nio-8080-exec-3] se.example.booking.EIClient - "
                    + (isRequest ? "Sending Update:\n" : "Received:\n") + soap(document) + "\n"
            case .legacy:
                let event = isRequest ? "req-in" : "resp-out"
                text += """
                    \(local.string(from: time)) DEBUG [vp] se.skl.tp.vp.logging.\(isRequest ? "req.in" : "resp.out") - skltp-messages
                    ** \(event).start ***********************************************************
                    LogMessage=\(event)
                    ServiceImpl=vp-services
                    Host=vp-qa-1
                    ComponentId=vp-services
                    Endpoint=https://ei.example/vp/itintegration/engagementindex/Update/1/rivtabp21
                    MessageId=\(UUID().uuidString)
                    BusinessCorrelationId=\(correlation)
                    ExtraInfo=
                    -senderIpAdress=10.0.0.1
                    \(consumer.map { "-originalServiceconsumerHsaid=\($0)\n" } ?? "")Payload=\(soap(document))
                    ** \(event).end *************************************************************

                    """
            case .ecs:
                var event: [String: Any] = [
                    "@timestamp": ISO8601DateFormatter().string(from: time), "log.level": "DEBUG",
                    "event.action": isRequest ? "req-in" : "resp-out", "trace.id": correlation,
                    "labels.servicecontract_namespace": "urn:riv:itintegration:engagementindex:UpdateResponder:1",
                ]
                event[isRequest ? "http.request.body.content" : "http.response.body.content"] = soap(document)
                if let consumer { event["labels.originalServiceconsumerHsaid"] = consumer }
                let data = try JSONSerialization.data(withJSONObject: event, options: [.sortedKeys])
                text += String(decoding: data, as: UTF8.self) + "\n"
            case .httpDump:
                let body = soap(document)
                if isRequest {
                    text +=
                        "POST /vp/itintegration/engagementindex/Update/1/rivtabp21 HTTP/1.1\r\nHost: vp-qa\r\n"
                        + "Date: \(http.string(from: time))\r\nContent-Type: text/xml; charset=UTF-8\r\n"
                        + "SOAPAction: \"urn:riv:itintegration:engagementindex:UpdateResponder:1:Update\"\r\n"
                        + (consumer.map { "x-rivta-original-serviceconsumer-hsaid: \($0)\r\n" } ?? "")
                        + "\r\n\(body)\r\n"
                } else {
                    text +=
                        "HTTP/1.1 200 OK\r\nDate: \(http.string(from: time))\r\nContent-Type: text/xml\r\n\r\n\(body)\r\n"
                }
            }
        }
        switch shape {
        case .utf16:
            return [0xFF, 0xFE] + Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case .gzip:
            return try gzip(Array(text.utf8))
        default:
            return Array(text.utf8)
        }
    }

    /// `bytes` compressed by the system's gzip.
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let folder = try TemporaryFolders.make()
        let path = folder + "/capture"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-n", path]
        try process.run()
        process.waitUntilExit()
        return Array(try Data(contentsOf: URL(fileURLWithPath: path + ".gz")))
    }

    /// Writes `bytes` to a new file named for the shape and returns its path.
    static func write(_ bytes: [UInt8], shape: Shape, in folder: String? = nil) throws -> String {
        let folder = try folder ?? TemporaryFolders.make()
        let name: String =
            switch shape {
            case .soapFile, .bareFile, .utf16: "capture.xml"
            case .gzip: "capture.log.gz"
            case .ecs: "vp.json"
            case .httpDump: "request.http"
            default: "capture.log"
            }
        let path = folder + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
