package io.tributary.embedded;

import kafka.server.FaultHandlerFactory;
import org.apache.kafka.server.fault.FaultHandler;
import org.apache.kafka.server.fault.LoggingFaultHandler;

/**
 * Builds fault handlers that log instead of exiting. A standalone Kafka process terminates on a
 * fatal fault; an embedded broker shares the JVM with the application or the test that runs it,
 * so it logs the fault at ERROR and leaves the decision to the caller.
 */
final class NonTerminatingFaultHandlerFactory implements FaultHandlerFactory {

    @Override
    public FaultHandler build(String name, boolean fatal, Runnable action) {
        return new LoggingFaultHandler(fatal ? "fatal " + name : name, action);
    }
}
