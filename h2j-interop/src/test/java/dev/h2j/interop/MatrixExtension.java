package dev.h2j.interop;

import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Records each {@link Cell} test's outcome in the {@link Matrix}, and writes the matrix once when every
 * test of the run is done (a resource of the root context, closed last).
 */
final class MatrixExtension implements BeforeEachCallback, TestWatcher {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Matrix.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Writer.class, key -> new Writer(), Writer.class);
        Cell cell = cell(context);
        if (!cell.peer().asked(cell.scenario())) {
            throw new IllegalStateException(cell.peer() + " does not list " + cell.scenario() + " among its extras");
        }
        cell.peer().unsupported(cell.scenario()).ifPresent(reason -> {
            throw new IllegalStateException(cell.peer() + " declares " + cell.scenario() + " unsupported (" + reason
                    + "), yet a test claims the cell");
        });
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        Cell cell = cell(context);
        Matrix.record(cell.peer(), cell.scenario(), Matrix.Outcome.passed());
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Cell cell = cell(context);
        Matrix.record(cell.peer(), cell.scenario(), Matrix.Outcome.failed(String.valueOf(cause.getMessage())));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        Cell cell = cell(context);
        Matrix.record(cell.peer(), cell.scenario(), Matrix.Outcome.notRun(String.valueOf(cause.getMessage())));
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        Cell cell = cell(context);
        Matrix.record(cell.peer(), cell.scenario(), Matrix.Outcome.notRun(reason.orElse("disabled")));
    }

    private static Cell cell(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        Cell cell = method.getAnnotation(Cell.class);
        if (cell == null) {
            throw new IllegalStateException(method + " in an @Interop class has no @Cell");
        }
        return cell;
    }

    /** Writes the matrix when the root context closes, after the last test class. */
    private static final class Writer implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Exception {
            Matrix.write();
        }
    }
}
