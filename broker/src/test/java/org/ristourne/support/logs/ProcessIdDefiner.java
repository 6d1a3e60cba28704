package org.ristourne.support.logs;

import ch.qos.logback.core.PropertyDefinerBase;

/**
 * The JVM's process id for logback-test.xml, known before Spring Boot sets its own {@code PID}: each JVM of a test
 * run then writes a log file of its own, and none overwrites another's.
 */
public class ProcessIdDefiner extends PropertyDefinerBase {

    @Override
    public String getPropertyValue() {
        return Long.toString(ProcessHandle.current().pid());
    }
}
