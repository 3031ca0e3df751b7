import AsyncHTTPClient
import HiveProtocols
import NIOCore
import NIOPosix

extension LiveHTTPTransport {
    /// Turns whatever the exchange threw into a `DriverError` (cancellation passes through).
    ///
    /// Messages name the request by method and path only; underlying errors are AsyncHTTPClient
    /// and NIO errors, which carry no header values.
    func classify(_ error: any Error, request: HTTPRequest) -> any Error {
        let summary = request.summary
        func make(_ kind: DriverError.Kind, _ message: String, underlying: (any Error)? = nil) -> DriverError {
            DriverError(kind, message, endpoint: host, request: summary, underlying: underlying)
        }
        switch error {
        case var driverError as DriverError:
            driverError.request = driverError.request ?? summary
            return driverError.context(endpoint: host)
        case is CancellationError:
            return error
        case is DeadlineExceeded:
            return make(.timedOut, "no complete response within \(configuration.deadline)")
        case is NIOTooManyBytesError:
            return make(.unexpectedResponse, "response body larger than \(configuration.maximumBodySize) bytes")
        case let clientError as HTTPClientError:
            return classify(clientError, make: make)
        case is NIOConnectionError, is IOError:
            return make(.unreachable, "could not connect to port \(request.port)", underlying: error)
        case let channelError as ChannelError:
            if case .connectTimeout = channelError {
                return make(.unreachable, "no connection to port \(request.port)", underlying: error)
            }
            return make(.unexpectedResponse, "connection failed mid-exchange", underlying: error)
        default:
            return make(.unexpectedResponse, "could not read the response", underlying: error)
        }
    }

    private func classify(
        _ clientError: HTTPClientError, make: (DriverError.Kind, String, (any Error)?) -> DriverError
    ) -> any Error {
        // Only the short description: some cases carry header values, which may be secrets.
        let error = ClientFailure(description: clientError.shortDescription)
        switch clientError {
        case .deadlineExceeded, .readTimeout, .writeTimeout:
            return make(.timedOut, "no complete response within \(configuration.deadline)", error)
        case .connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
            return make(.unreachable, "no connection within the connect timeout", error)
        case .cancelled, .requestStreamCancelled:
            return CancellationError()
        case .remoteConnectionClosed:
            return make(.unexpectedResponse, "connection closed before a complete response", error)
        case .invalidURL, .emptyHost:
            return make(.unreachable, "not a usable address", error)
        default:
            return make(.unexpectedResponse, "HTTP exchange failed", error)
        }
    }
}

/// An AsyncHTTPClient error reduced to its short description (no associated values).
private struct ClientFailure: Error, CustomStringConvertible {
    var description: String
}
