# The dockaudit image, for users with a registry:
#   docker build -t dockaudit .
# contrib/image/build.sh builds the same root offline (docker import); both
# run it.  Run recipe: README.md, "Install".
FROM debian:12 AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    autoconf automake libtool libltdl-dev pkg-config make gcc libc6-dev \
    libcurl4-openssl-dev libjson-c-dev libyaml-dev ca-certificates binutils \
 && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN rm -rf /src/build /src/build-asan && /src/contrib/image/build.sh --rootfs /rootfs

# No shell, no package manager: dockaudit, its modules and their libraries.
FROM scratch
COPY --from=build /rootfs /
USER 0:0
WORKDIR /
ENTRYPOINT ["/usr/bin/dockaudit"]
