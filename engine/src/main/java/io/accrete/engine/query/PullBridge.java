package io.accrete.engine.query;

import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The call from {@code (pull ?e pattern)} find elements into the pull package. Looked up once,
 * by name, because the two packages are built in parallel; replace with a direct call to
 * {@code Pull.pull} once both are in.
 */
final class PullBridge {
    private PullBridge() {}

    private static volatile MethodHandle handle;

    static Object pull(Db db, Object pattern, Object eid) {
        MethodHandle h = handle;
        if (h == null) {
            try {
                Class<?> c = Class.forName("io.accrete.engine.pull.Pull");
                h = MethodHandles.publicLookup().findStatic(c, "pull",
                        MethodType.methodType(java.util.Map.class, Db.class, Object.class, Object.class));
                handle = h;
            } catch (ReflectiveOperationException e) {
                throw QueryErrors.invalid("pull is not available in this build", pattern);
            }
        }
        try {
            return h.invoke(db, pattern, eid);
        } catch (AccreteException | Error e) {
            throw e;
        } catch (RuntimeException e) {
            throw QueryErrors.error(QueryErrors.FUNCTION_FAILED, "pull failed (" + e.getMessage() + ") for pattern", pattern);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
