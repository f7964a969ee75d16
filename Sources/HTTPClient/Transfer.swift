import CCurl
import TaskmgrCore

/// One request in flight: its easy handle configured with every guarantee, the lists the
/// handle points into, and the response as it arrives. Callbacks reach it through an
/// unretained pointer, which is safe because the transfer owns the handle.
final class Transfer {
    let index: Int
    let hostKey: String
    let easy = CurlEasy()
    let policy: AddressPolicy
    let maxResponseBytes: Int
    private let headerList = CurlStringList()
    private let resolveList = CurlStringList()

    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []
    var headerBytes = 0
    var tooLarge = false
    /// Set by the open-socket callback when it refused the address libcurl wanted.
    var refusedAddress: String?

    init(index: Int, request: HTTPRequest, url: PollURL, resolved: ResolvedHost?, options: HTTPClientOptions) throws(HTTPFailure) {
        self.index = index
        self.hostKey = "\(url.hostName):\(url.port)"
        self.policy = options.addressPolicy
        self.maxResponseBytes = options.maxResponseBytes
        for (name, value) in request.headers {
            guard Transfer.isSafeHeader(name: name, value: value) else {
                throw .other("header \(name.prefix(40)) contains a line break or an invalid name")
            }
            headerList.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        headerList.append("Expect:")
        if let resolved, case .name = url.host {
            resolveList.append(resolved.curlResolveEntry(host: url.hostName, port: url.port))
        }
        configure(request: request, url: url, options: options)
    }

    /// Every option that makes the transfer safe and bounded; see `HTTPClient` for why each exists.
    private func configure(request: HTTPRequest, url: PollURL, options: HTTPClientOptions) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        easy.set(CURLOPT_URL, url.string)
        easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        easy.set(CURLOPT_FOLLOWLOCATION, 0)
        easy.set(CURLOPT_PROXY, "")
        easy.set(CURLOPT_NOPROXY, "*")
        easy.set(CURLOPT_NOSIGNAL, 1)
        easy.set(CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeout * 1000))
        easy.set(CURLOPT_TIMEOUT_MS, Int(options.totalTimeout * 1000))
        easy.set(CURLOPT_MAXFILESIZE_LARGE, offset: Int64(options.maxResponseBytes))
        easy.set(CURLOPT_USERAGENT, options.userAgent)
        easy.set(CURLOPT_HTTPHEADER, list: headerList)
        if resolveList.head != nil { easy.set(CURLOPT_RESOLVE, list: resolveList) }
        easy.set(CURLOPT_WRITEFUNCTION, callback: Transfer.onBody)
        easy.set(CURLOPT_WRITEDATA, pointer: me)
        easy.set(CURLOPT_HEADERFUNCTION, callback: Transfer.onHeader)
        easy.set(CURLOPT_HEADERDATA, pointer: me)
        easy.setOpenSocket(Transfer.onOpenSocket)
        easy.set(CURLOPT_OPENSOCKETDATA, pointer: me)
        let method = request.method.uppercased()
        switch method {
        case "GET" where request.body.isEmpty:
            easy.set(CURLOPT_HTTPGET, 1)
        case "HEAD":
            easy.set(CURLOPT_NOBODY, 1)
        default:
            easy.setBody(request.body)
            if method != "POST" { easy.set(CURLOPT_CUSTOMREQUEST, method) }
        }
    }

    /// The outcome once libcurl reports the transfer done.
    func outcome(_ code: CURLcode) -> Result<HTTPResponse, HTTPFailure> {
        if let refusedAddress { return .failure(.refused(refusedAddress)) }
        if tooLarge || code == CURLE_FILESIZE_EXCEEDED { return .failure(.responseTooLarge) }
        switch code {
        case CURLE_OK:
            return .success(HTTPResponse(status: easy.info(CURLINFO_RESPONSE_CODE), headers: headers, body: body))
        case CURLE_OPERATION_TIMEDOUT:
            return .failure(.timeout)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION,
             CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM:
            return .failure(.connect(errorMessage(code)))
        default:
            return .failure(.other(errorMessage(code)))
        }
    }

    private func errorMessage(_ code: CURLcode) -> String {
        easy.errorMessage(code)
    }

    /// Names are RFC 9110 tokens; neither part may smuggle a CR or LF into the request.
    static func isSafeHeader(name: String, value: String) -> Bool {
        let tokenExtras = Set("!#$%&'*+-.^_`|~")
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || tokenExtras.contains($0)) }) else { return false }
        // Unicode scalars, not Characters: "\r\n" is a single Character in Swift.
        return !value.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" }
    }
}
