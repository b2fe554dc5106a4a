import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads a URL's bytes synchronously with URLSession (FoundationNetworking on Linux).
///
/// Synchronous on purpose: `MNIST.fetch` is a one-time blocking step of setup; the caller sees
/// progress through its `log` closure. `timeout` bounds the whole transfer, in seconds.
enum Download {
    static func bytes(from url: URL, timeout: TimeInterval) throws -> [UInt8] {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = min(timeout, 30)
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: url) { data, response, error in
            if let error {
                outcome.set(.failure(DataError.downloadFailed(message: "\(url.absoluteString): \(error.localizedDescription)")))
            } else if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                outcome.set(.failure(DataError.downloadFailed(message: "\(url.absoluteString): HTTP \(http.statusCode)")))
            } else {
                outcome.set(.success([UInt8](data ?? Data())))
            }
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout + 5) == .timedOut {
            task.cancel()
            throw DataError.downloadFailed(message: "\(url.absoluteString): timed out after \(Int(timeout)) s")
        }
        return try outcome.get()
    }

    /// The result handed from URLSession's delegate queue to the waiting thread.
    private final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var result: Result<[UInt8], DataError> = .failure(.downloadFailed(message: "no response"))

        func set(_ value: Result<[UInt8], DataError>) {
            lock.lock()
            result = value
            lock.unlock()
        }

        func get() throws -> [UInt8] {
            lock.lock()
            defer { lock.unlock() }
            return try result.get()
        }
    }
}
