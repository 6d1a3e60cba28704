# Builds the broker from source and runs it on a JRE. Used by docker-compose.yml.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY ledger/pom.xml ledger/pom.xml
COPY billing/pom.xml billing/pom.xml
COPY broker/pom.xml broker/pom.xml
RUN ./mvnw -B -ntp -q dependency:go-offline -DexcludeReactor=true
COPY ledger ledger
COPY billing billing
COPY broker broker
RUN ./mvnw -B -ntp -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 ristourne && mkdir -p /app/data && chown ristourne /app/data
WORKDIR /app
COPY --from=build /src/broker/target/ristourne-broker.jar /app/ristourne-broker.jar
USER ristourne
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true
# The flags the benchmark runs the broker with (docs/performance.md): under 512 MB resident at full load. On two
# cores the optimising compiler (C2) took 14-18 % of the broker's CPU under load and 90 MB more resident memory for
# no more throughput than the quick compiler alone; with more cores, dropping TieredStopAtLevel may pay.
ENV JAVA_OPTS="-XX:TieredStopAtLevel=1 -Xms128m -Xmx192m -XX:MaxMetaspaceSize=160m -Xss512k -XX:+UseSerialGC" \
    MALLOC_ARENA_MAX=2
EXPOSE 8080
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/ristourne-broker.jar"]
