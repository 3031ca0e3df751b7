import Foundation
import HiveProtocols
import Hummingbird

/// Reading what a request carries: query parameters, path ids, JSON and form bodies, time
/// ranges. Every failure is an ``APIError`` naming the parameter or field.
enum RequestInput {
    /// Query parameters (percent-decoded); a repeated name keeps its last value.
    static func query(_ request: Request) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { result[String(key)] = String(value) }
        return result
    }

    /// The `:id` path parameter as a miner id.
    static func minerID(_ context: WebRequestContext, _ name: String = "id") throws(APIError) -> MinerRecord.ID {
        guard let text = context.parameters.get(name), let value = Int64(text), value > 0 else {
            throw .invalid(name, "a positive integer")
        }
        return MinerRecord.ID(value)
    }

    /// A positive integer path parameter.
    static func positiveID(_ context: WebRequestContext, _ name: String = "id") throws(APIError) -> Int64 {
        guard let text = context.parameters.get(name), let value = Int64(text), value > 0 else {
            throw .invalid(name, "a positive integer")
        }
        return value
    }

    /// The body as a JSON object.
    static func jsonObject(_ request: Request, _ context: WebRequestContext) async throws -> [String: JSONValue] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError(.contentTooLarge, code: "body_too_large", message: "the request body is too large")
        }
        let bytes = Array(buffer.readableBytesView)
        guard !bytes.isEmpty else { return [:] }
        let value: JSONValue
        do {
            value = try TolerantJSONReader.parse(bytes)
        } catch {
            throw APIError(.badRequest, code: "invalid_json", message: "the body is not valid JSON")
        }
        guard let object = value.object else {
            throw APIError(.badRequest, code: "invalid_json", message: "the body must be a JSON object")
        }
        return object
    }

    /// An `application/x-www-form-urlencoded` body.
    static func form(_ request: Request, _ context: WebRequestContext) async throws -> [String: String] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError(.contentTooLarge, code: "body_too_large", message: "the request body is too large")
        }
        return parseForm(String(buffer: buffer))
    }

    /// Decodes `a=1&b=two+words` (percent escapes and `+` as space).
    static func parseForm(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            guard let key = parts.first else { continue }
            result[decode(key)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }

    /// A required string field of a JSON body.
    static func string(_ body: [String: JSONValue], _ field: String, maxLength: Int = 200) throws(APIError) -> String {
        guard let value = try optionalString(body, field, maxLength: maxLength) else {
            throw .invalid(field, "required")
        }
        return value
    }

    /// An optional string field of a JSON body (empty counts as absent).
    static func optionalString(
        _ body: [String: JSONValue], _ field: String, maxLength: Int = 200
    ) throws(APIError)
        -> String?
    {
        guard let raw = body[field], !raw.isNull else { return nil }
        guard case .string(let text) = raw else { throw .invalid(field, "a string") }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= maxLength else { throw .invalid(field, "at most \(maxLength) characters") }
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A role field.
    static func role(_ body: [String: JSONValue], _ field: String = "role") throws(APIError) -> Role? {
        guard let name = try optionalString(body, field) else { return nil }
        guard let role = Role(rawValue: name) else { throw .invalid(field, "one of viewer, operator, admin") }
        return role
    }

    /// A finite number field within `range`.
    static func number(
        _ body: [String: JSONValue], _ field: String, in range: ClosedRange<Double>
    ) throws(APIError)
        -> Double?
    {
        guard let raw = body[field], !raw.isNull else { return nil }
        guard case .number(let value) = raw, value.isFinite, range.contains(value) else {
            throw .invalid(
                field,
                "a number from \(PrometheusText.format(range.lowerBound)) to \(PrometheusText.format(range.upperBound))"
            )
        }
        return value
    }

    /// A boolean field.
    static func bool(_ body: [String: JSONValue], _ field: String) throws(APIError) -> Bool? {
        guard let raw = body[field], !raw.isNull else { return nil }
        guard case .bool(let value) = raw else { throw .invalid(field, "true or false") }
        return value
    }
}
