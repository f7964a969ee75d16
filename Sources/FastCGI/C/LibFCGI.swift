import CFastCGI

/// Every libfcgi call taskmgr makes, each wrapped once. Nothing above this file touches an
/// `FCGX_*` function; `RequestSlot` is the only owner of an `FCGX_Request`.
enum LibFCGI {
    /// Initialises the library; mandatory before any accept (without it accept returns -9998).
    /// The corresponding C function is `FCGX_Init`.
    static func initialize() -> Int32 {
        FCGX_Init()
    }

    /// Whether the process was started as plain CGI (fd 0 is not a FastCGI listening socket).
    /// The corresponding C function is `FCGX_IsCGI`.
    static func isCGI() -> Bool {
        FCGX_IsCGI() != 0
    }

    /// Prepares `request` to accept on `listenFD`; accept gives up when a signal interrupts it.
    /// The corresponding C function is `FCGX_InitRequest`.
    static func initRequest(_ request: UnsafeMutablePointer<FCGX_Request>, listenFD: Int32) -> Int32 {
        FCGX_InitRequest(request, listenFD, FCGI_FAIL_ACCEPT_ON_INTR)
    }

    /// Waits for the next request on the request's listening socket; 0 on success.
    /// The corresponding C function is `FCGX_Accept_r`.
    static func accept(_ request: UnsafeMutablePointer<FCGX_Request>) -> Int32 {
        FCGX_Accept_r(request)
    }

    /// Flushes the response, ends the request and closes its connection.
    /// The corresponding C function is `FCGX_Finish_r`.
    static func finish(_ request: UnsafeMutablePointer<FCGX_Request>) {
        FCGX_Finish_r(request)
    }

    /// Releases what the request still holds, closing its connection if `closeConnection`.
    /// The corresponding C function is `FCGX_Free`.
    static func free(_ request: UnsafeMutablePointer<FCGX_Request>, closeConnection: Bool) {
        FCGX_Free(request, closeConnection ? 1 : 0)
    }

    /// Reads up to `count` bytes of the request body into `buffer`; fewer means end of body.
    /// The corresponding C function is `FCGX_GetStr`.
    static func read(
        _ buffer: UnsafeMutablePointer<CChar>, count: Int32, from stream: UnsafeMutablePointer<FCGX_Stream>
    ) -> Int32 {
        FCGX_GetStr(buffer, count, stream)
    }

    /// Writes `count` bytes of the response; returns `count`, or -1 when the connection broke.
    /// The corresponding C function is `FCGX_PutStr`.
    static func write(
        _ bytes: UnsafePointer<CChar>, count: Int32, to stream: UnsafeMutablePointer<FCGX_Stream>
    ) -> Int32 {
        FCGX_PutStr(bytes, count, stream)
    }
}
