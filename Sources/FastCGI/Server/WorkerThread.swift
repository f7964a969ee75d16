#if canImport(Glibc)
import Glibc
#endif

/// A joinable pthread running one closure. Workers are real threads (not Dispatch tasks)
/// because each blocks in accept and in libpq, and owns thread-bound C state.
final class WorkerThread {
    private var thread: pthread_t = 0

    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// Starts `body` on a new thread; nil if the system refused one.
    /// The corresponding C function is `pthread_create`.
    init?(_ body: @escaping () -> Void) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        let status = pthread_create(&thread, nil, { context in
            let body = Unmanaged<Body>.fromOpaque(context!).takeRetainedValue()
            body.run()
            return nil
        }, context)
        if status != 0 {
            Unmanaged<Body>.fromOpaque(context).release()
            return nil
        }
    }

    /// Waits for the thread to end. The corresponding C function is `pthread_join`.
    func join() {
        _ = pthread_join(thread, nil)
    }
}
