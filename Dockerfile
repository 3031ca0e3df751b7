# syntax=docker/dockerfile:1
# PowerHive: a release binary built with the Swift toolchain image, run on slim Debian as a
# non-root user. Build: `docker build -t powerhive .`; see Docs/DEPLOYMENT.md.

# The toolchain CI uses (README: Swift 6.1 or newer); override with --build-arg SWIFT_IMAGE=….
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---- build ------------------------------------------------------------------------------
FROM ${SWIFT_IMAGE} AS builder
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libsqlite3-dev libcurl4-openssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
# The manifest names the test targets too, so their folders must exist for it to load.
COPY . .
# The Swift runtime is linked in, so the runtime image needs no toolchain.
RUN swift build -c release --product powerhive --static-swift-stdlib \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/powerhive" /out/powerhive \
    && strip /out/powerhive \
    && /out/powerhive --version

# ---- runtime ----------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS runtime
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libsqlite3-0 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 appuser \
    && useradd --system --uid 10001 --gid appuser --home-dir /app --no-create-home --shell /usr/sbin/nologin appuser \
    && mkdir -p /app/data \
    && chown appuser:appuser /app/data
COPY --from=builder /out/powerhive /usr/local/bin/powerhive
# A default configuration without secrets; mount your own over it (read-only is fine).
# Its database.path, ./data/powerhive.db, is /app/data/powerhive.db from this WORKDIR.
COPY config.json /app/config.json
WORKDIR /app
USER 10001:10001
VOLUME ["/app/data"]
EXPOSE 8080
ENV POWERHIVE_CONFIG=/app/config.json
# No curl or wget in the image: the binary checks its own /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["powerhive", "healthcheck", "--url", "http://127.0.0.1:8080/healthz", "--timeout", "4"]
ENTRYPOINT ["powerhive"]
CMD ["run", "--config", "/app/config.json"]
