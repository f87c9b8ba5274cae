# Procura's container image: a static binary (no C library: the SQLite driver is pure Go) on a
# distroless base, run as a user without privileges (decision 0045).
#
#   docker build -t procura .
#   docker run -p 8080:8080 -v procura-data:/data procura                    # SQLite in /data
#   docker run -p 8080:8080 -e PROCURA_DB=postgres://… procura               # PostgreSQL
#
# Build arguments: GOPROXY (and GOSUMDB) choose where Go modules come from, Go's defaults unless
# given (e.g. --build-arg GOPROXY="$(go env GOPROXY)"); VERSION and REVISION name the build in
# 'procura version' (the source's history is not in the build context).

ARG GO_VERSION=1.26.8

FROM golang:${GO_VERSION} AS build
ARG GOPROXY=https://proxy.golang.org,direct
ARG GOSUMDB=sum.golang.org
ENV GOPROXY=${GOPROXY} GOSUMDB=${GOSUMDB} GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=readonly
WORKDIR /src
# The modules first, in a layer of their own that a change of Procura's code does not rebuild.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=""
ARG REVISION=""
# The first build compiles the pure-Go SQLite: a few minutes on two cores.
RUN go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X github.com/procura/procura/internal/cli.Version=${VERSION} -X github.com/procura/procura/internal/cli.Revision=${REVISION}" \
      -o /out/procura ./cmd/procura \
    && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/procura /usr/local/bin/procura
COPY --from=build --chown=65532:65532 /out/data /data
WORKDIR /data
# nonroot (65532) of the distroless base: no shell, no package manager, no root.
USER 65532:65532
# The healthcheck reads PROCURA_ADDR as serve does: change the address there, not with --addr.
ENV PROCURA_ADDR=0.0.0.0:8080 PROCURA_DB=sqlite:/data/procura.db
EXPOSE 8080
VOLUME /data
# The binary is its own health client (the base has no curl or wget): exit 0 when /readyz
# answers 200. The start period covers the migrations a first start of a new version runs.
HEALTHCHECK --interval=10s --timeout=6s --start-period=5m --retries=3 CMD ["/usr/local/bin/procura", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/procura"]
CMD ["serve"]
