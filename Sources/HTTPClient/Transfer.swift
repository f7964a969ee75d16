import CCurl
import TaskmgrCore

/// One request in flight: its easy handle configured with every guarantee, the lists the
/// handle points into, and the response as it arrives. Callbacks reach it through an
/// unretained pointer, which is safe because the handle is removed from the multi handle
/// and reset (`CurlEasyPool.give`) before the transfer goes away.
final class Transfer {
    let index: Int
    let hostKey: String
    let easy: CurlEasy
    let policy: AddressPolicy
    let maxResponseBytes: Int

    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []
    var headerBytes = 0
    var tooLarge = false
    /// Set by the open-socket callback when it refused the address libcurl wanted.
    var refusedAddress: String?

    /// A transfer on a new handle with lists of its own (`HTTPClient` shares both instead).
    convenience init(index: Int, request: HTTPRequest, url: PollURL, resolved: ResolvedHost?, options: HTTPClientOptions) throws(HTTPFailure) {
        let headerList = try RequestHeaderLists(capacity: 0).list(for: request.headers)
        var resolveList: CurlStringList?
        if let resolved, case .name = url.host {
            resolveList = CurlStringList([resolved.curlResolveEntry(host: url.hostName, port: url.port)])
        }
        self.init(index: index, hostKey: "\(url.hostName):\(url.port)", request: request, url: url, easy: CurlEasy(),
                  headerList: headerList, resolveList: resolveList, options: options)
    }

    /// A transfer on `easy` (new or reset), sending `headerList` (already checked) and, for a
    /// host name, pinned by `resolveList` to the addresses that passed the policy.
    init(index: Int, hostKey: String, request: HTTPRequest, url: PollURL, easy: CurlEasy,
         headerList: CurlStringList, resolveList: CurlStringList?, options: HTTPClientOptions) {
        self.index = index
        self.hostKey = hostKey
        self.easy = easy
        self.policy = options.addressPolicy
        self.maxResponseBytes = options.maxResponseBytes
        configure(request: request, url: url, headerList: headerList, resolveList: resolveList, options: options)
    }

    /// Every option that makes the transfer safe and bounded; see `HTTPClient` for why each exists.
    private func configure(request: HTTPRequest, url: PollURL, headerList: CurlStringList, resolveList: CurlStringList?, options: HTTPClientOptions) {
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
        if let resolveList { easy.set(CURLOPT_RESOLVE, list: resolveList) }
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
}
