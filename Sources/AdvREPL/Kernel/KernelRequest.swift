import Foundation

/// One request of the `adv kernel` protocol, a JSON object on one line:
/// `{"op": "execute", "code": "..."}`, `{"op": "complete", "code": "...", "cursor": 3}`,
/// `{"op": "inspect", "code": "...", "cursor": 3}` (cursor: an offset in Unicode scalars, as
/// Jupyter counts).
enum KernelRequest: Equatable {
    case execute(String)
    case complete(String, cursor: Int)
    case inspect(String, cursor: Int)

    struct Malformed: Error {
        let message: String
    }

    init(_ line: String) throws(Malformed) {
        guard let data = line.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw Malformed(message: "a request must be a JSON object on one line") }
        guard let code = object["code"] as? String else {
            throw Malformed(message: "the request has no \"code\" string")
        }
        func cursor() throws(Malformed) -> Int {
            guard let number = object["cursor"] as? NSNumber, let cursor = Int(exactly: number.doubleValue) else {
                return code.unicodeScalars.count
            }
            return cursor
        }
        switch object["op"] as? String {
        case "execute": self = .execute(code)
        case "complete": self = .complete(code, cursor: try cursor())
        case "inspect": self = .inspect(code, cursor: try cursor())
        case let op:
            throw Malformed(message: "unknown op \(op.map { "'\($0)'" } ?? "(none)"); ops: execute, complete, inspect")
        }
    }
}
