#!/bin/sh
# The image's tributary command: the shaded CLI jar; TRIBUTARY_JAVA_OPTS adds JVM options.
exec java ${TRIBUTARY_JAVA_OPTS:-} -jar /opt/tributary/tributary.jar "$@"
