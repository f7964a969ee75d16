import Foundation
import HTTPClient
import TaskmgrCore

/// Runs `requests` through a fresh client and returns the results in request order.
func run(_ requests: [HTTPRequest], options: HTTPClientOptions = HTTPClientOptions()) -> [Result<HTTPResponse, HTTPFailure>] {
    run(requests, client: HTTPClient(options: options))
}

/// Runs `requests` through `client` and returns the results in request order.
func run(_ requests: [HTTPRequest], client: HTTPClient) -> [Result<HTTPResponse, HTTPFailure>] {
    var results = [Result<HTTPResponse, HTTPFailure>?](repeating: nil, count: requests.count)
    client.perform(requests) { index, result in
        precondition(results[index] == nil, "completion called twice for request \(index)")
        results[index] = result
    }
    return results.map { $0! }
}

func get(_ url: String, options: HTTPClientOptions = HTTPClientOptions()) -> Result<HTTPResponse, HTTPFailure> {
    run([HTTPRequest(url: url)], options: options)[0]
}

/// Options that let the client reach the loopback mock server on purpose.
func loopbackOptions() -> HTTPClientOptions {
    var options = HTTPClientOptions()
    options.addressPolicy = AddressPolicy(allow: [CIDR("127.0.0.0/8")!])
    return options
}

extension Result where Success == HTTPResponse, Failure == HTTPFailure {
    var response: HTTPResponse? { try? get() }
    var failure: HTTPFailure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
